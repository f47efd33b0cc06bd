ALTER TABLE `users` ADD `installation_admin` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Installations from before decision 010: the first admin, created as "admin", keeps running the installation.
UPDATE `users` SET `installation_admin` = 1 WHERE `username` = 'admin';
