CREATE TABLE `archives` (
	`id` text PRIMARY KEY NOT NULL,
	`folder_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`policy_id` text,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`folder_id`) REFERENCES `folders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `archives_instance_policy_uq` ON `archives` (`instance_id`,`policy_id`);--> statement-breakpoint
CREATE TABLE `backups` (
	`id` text PRIMARY KEY NOT NULL,
	`folder_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`archive_id` text NOT NULL,
	`policy_id` text,
	`policy_name` text NOT NULL,
	`operation_id` text,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`sources` text NOT NULL,
	`file_count` integer DEFAULT 0 NOT NULL,
	`dir_count` integer DEFAULT 0 NOT NULL,
	`logical_bytes` integer DEFAULT 0 NOT NULL,
	`new_bytes` integer DEFAULT 0 NOT NULL,
	`warnings` text NOT NULL,
	`error` text,
	`progress` text,
	`root_tree_id` text,
	FOREIGN KEY (`folder_id`) REFERENCES `folders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`archive_id`) REFERENCES `archives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `backups_folder_started_idx` ON `backups` (`folder_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `backups_archive_idx` ON `backups` (`archive_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `operation_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` text NOT NULL,
	`at` integer NOT NULL,
	`level` text NOT NULL,
	`step` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `operation_logs_op_idx` ON `operation_logs` (`operation_id`,`id`);--> statement-breakpoint
CREATE TABLE `operations` (
	`id` text PRIMARY KEY NOT NULL,
	`folder_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`target_name` text NOT NULL,
	`instance_id` text,
	`started_by` text NOT NULL,
	`job` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`progress_percent` integer,
	`result` text,
	`backup_id` text,
	`verify` text,
	FOREIGN KEY (`folder_id`) REFERENCES `folders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `operations_folder_created_idx` ON `operations` (`folder_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `operations_instance_status_idx` ON `operations` (`instance_id`,`status`);