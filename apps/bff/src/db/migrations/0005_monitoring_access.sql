CREATE TABLE `alert_states` (
	`folder_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`raised_at` integer NOT NULL,
	PRIMARY KEY(`folder_id`, `kind`, `subject_id`),
	FOREIGN KEY (`folder_id`) REFERENCES `folders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `metric_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`folder_id` text NOT NULL,
	`instance_id` text,
	`at` integer NOT NULL,
	`protected_instances` integer NOT NULL,
	`storage_used_bytes` integer NOT NULL,
	`agents_alive` integer NOT NULL,
	`backup_errors` integer NOT NULL,
	FOREIGN KEY (`folder_id`) REFERENCES `folders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `metric_samples_folder_at_idx` ON `metric_samples` (`folder_id`,`instance_id`,`at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`webhook_id` text NOT NULL,
	`folder_id` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_attempt_at` integer,
	`response_status` integer,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`folder_id`) REFERENCES `folders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_hook_idx` ON `webhook_deliveries` (`webhook_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`folder_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`secret` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`folder_id`) REFERENCES `folders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhooks_folder_idx` ON `webhooks` (`folder_id`);--> statement-breakpoint
ALTER TABLE `instances` ADD `pending_credential_hash` text;--> statement-breakpoint
ALTER TABLE `instances` ADD `credential_rotation_requested_at` integer;--> statement-breakpoint
ALTER TABLE `instances` ADD `credential_rotated_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `instances_pending_credential_hash_unique` ON `instances` (`pending_credential_hash`);--> statement-breakpoint
ALTER TABLE `role_bindings` ADD `granted_at` integer;--> statement-breakpoint
ALTER TABLE `role_bindings` ADD `granted_by` text;