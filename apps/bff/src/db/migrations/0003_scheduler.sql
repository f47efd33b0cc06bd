CREATE TABLE `schedule_states` (
	`policy_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`slot_at` integer,
	`due_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`missed_pending` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`policy_id`, `instance_id`),
	FOREIGN KEY (`policy_id`) REFERENCES `policies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
);
