-- CreateTable
CREATE TABLE "directory_source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "bind_password_ciphertext" TEXT,
    "from_environment" BOOLEAN NOT NULL DEFAULT false,
    "sync_interval_minutes" INTEGER NOT NULL DEFAULT 0,
    "removal_grace_hours" INTEGER NOT NULL DEFAULT 24,
    "cursor" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "directory_sync_run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by_id" TEXT,
    "requested_by" TEXT NOT NULL DEFAULT '',
    "started_at" BIGINT NOT NULL,
    "finished_at" BIGINT,
    "read" INTEGER NOT NULL DEFAULT 0,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "disabled" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "deprovisioned" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "problems" TEXT NOT NULL DEFAULT '[]',
    "message" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "directory_sync_run_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "directory_source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "directory_sync_lease" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "run_id" TEXT,
    "owner" TEXT,
    "lease_until" BIGINT NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_directory_user" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "display_name" TEXT NOT NULL,
    "display_name_key" TEXT NOT NULL,
    "first_name" TEXT NOT NULL DEFAULT '',
    "first_name_key" TEXT NOT NULL DEFAULT '',
    "last_name" TEXT NOT NULL DEFAULT '',
    "last_name_key" TEXT NOT NULL DEFAULT '',
    "sam_account_name" TEXT NOT NULL,
    "sam_account_name_key" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "domain_key" TEXT NOT NULL DEFAULT '',
    "upn" TEXT NOT NULL,
    "upn_key" TEXT NOT NULL DEFAULT '',
    "sip_address" TEXT NOT NULL,
    "line_uri" TEXT NOT NULL DEFAULT '',
    "line_uri_key" TEXT NOT NULL DEFAULT '',
    "line_digits" TEXT NOT NULL DEFAULT '',
    "line_digits_reversed" TEXT NOT NULL DEFAULT '',
    "extension" TEXT NOT NULL DEFAULT '',
    "other_phones" TEXT NOT NULL DEFAULT '[]',
    "distinguished_name" TEXT NOT NULL,
    "ou_dn" TEXT NOT NULL,
    "ou_path" TEXT NOT NULL,
    "ou_path_key" TEXT NOT NULL DEFAULT '',
    "site_id" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "title_key" TEXT NOT NULL DEFAULT '',
    "department" TEXT NOT NULL DEFAULT '',
    "department_key" TEXT NOT NULL DEFAULT '',
    "office" TEXT NOT NULL DEFAULT '',
    "office_key" TEXT NOT NULL DEFAULT '',
    "city" TEXT NOT NULL DEFAULT '',
    "city_key" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pin_policy_id" TEXT,
    "password_hash" TEXT,
    "source_id" TEXT,
    "external_id" TEXT,
    "removed_at" BIGINT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "directory_user_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "site" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "directory_user_pin_policy_id_fkey" FOREIGN KEY ("pin_policy_id") REFERENCES "pin_policy" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "directory_user_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "directory_source" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_directory_user" ("city", "city_key", "created_at", "department", "department_key", "display_name", "display_name_key", "distinguished_name", "domain", "domain_key", "enabled", "extension", "first_name", "first_name_key", "id", "last_name", "last_name_key", "line_digits", "line_digits_reversed", "line_uri", "line_uri_key", "office", "office_key", "other_phones", "ou_dn", "ou_path", "ou_path_key", "password_hash", "pin_policy_id", "sam_account_name", "sam_account_name_key", "sip_address", "site_id", "title", "title_key", "upn", "upn_key") SELECT "city", "city_key", "created_at", "department", "department_key", "display_name", "display_name_key", "distinguished_name", "domain", "domain_key", "enabled", "extension", "first_name", "first_name_key", "id", "last_name", "last_name_key", "line_digits", "line_digits_reversed", "line_uri", "line_uri_key", "office", "office_key", "other_phones", "ou_dn", "ou_path", "ou_path_key", "password_hash", "pin_policy_id", "sam_account_name", "sam_account_name_key", "sip_address", "site_id", "title", "title_key", "upn", "upn_key" FROM "directory_user";
DROP TABLE "directory_user";
ALTER TABLE "new_directory_user" RENAME TO "directory_user";
CREATE UNIQUE INDEX "directory_user_upn_key" ON "directory_user"("upn");
CREATE UNIQUE INDEX "directory_user_sip_address_key" ON "directory_user"("sip_address");
CREATE UNIQUE INDEX "directory_user_distinguished_name_key" ON "directory_user"("distinguished_name");
CREATE INDEX "directory_user_removed_at_idx" ON "directory_user"("removed_at");
CREATE INDEX "directory_user_display_name_key_id_idx" ON "directory_user"("display_name_key", "id");
CREATE INDEX "directory_user_department_key_display_name_key_id_idx" ON "directory_user"("department_key", "display_name_key", "id");
CREATE INDEX "directory_user_site_id_display_name_key_id_idx" ON "directory_user"("site_id", "display_name_key", "id");
CREATE INDEX "directory_user_pin_policy_id_display_name_key_id_idx" ON "directory_user"("pin_policy_id", "display_name_key", "id");
CREATE INDEX "directory_user_first_name_key_idx" ON "directory_user"("first_name_key");
CREATE INDEX "directory_user_last_name_key_idx" ON "directory_user"("last_name_key");
CREATE INDEX "directory_user_sam_account_name_key_idx" ON "directory_user"("sam_account_name_key");
CREATE INDEX "directory_user_line_uri_key_idx" ON "directory_user"("line_uri_key");
CREATE INDEX "directory_user_ou_path_key_idx" ON "directory_user"("ou_path_key");
CREATE INDEX "directory_user_upn_key_idx" ON "directory_user"("upn_key");
CREATE INDEX "directory_user_line_digits_reversed_idx" ON "directory_user"("line_digits_reversed");
CREATE INDEX "directory_user_title_key_idx" ON "directory_user"("title_key");
CREATE INDEX "directory_user_office_key_idx" ON "directory_user"("office_key");
CREATE INDEX "directory_user_city_key_idx" ON "directory_user"("city_key");
CREATE INDEX "directory_user_line_digits_idx" ON "directory_user"("line_digits");
CREATE INDEX "directory_user_extension_idx" ON "directory_user"("extension");
CREATE UNIQUE INDEX "directory_user_domain_sam_account_name_key" ON "directory_user"("domain", "sam_account_name");
CREATE UNIQUE INDEX "directory_user_source_id_external_id_key" ON "directory_user"("source_id", "external_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "directory_source_name_key" ON "directory_source"("name");

-- CreateIndex
CREATE INDEX "directory_sync_run_source_id_started_at_idx" ON "directory_sync_run"("source_id", "started_at");

-- CreateIndex
CREATE INDEX "directory_sync_run_status_idx" ON "directory_sync_run"("status");
