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
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "directory_user_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "site" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "directory_user_pin_policy_id_fkey" FOREIGN KEY ("pin_policy_id") REFERENCES "pin_policy" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_directory_user" ("city", "city_key", "created_at", "department", "department_key", "display_name", "display_name_key", "distinguished_name", "domain", "domain_key", "enabled", "extension", "first_name", "first_name_key", "id", "last_name", "last_name_key", "line_digits", "line_digits_reversed", "line_uri", "line_uri_key", "office", "office_key", "other_phones", "ou_dn", "ou_path", "password_hash", "pin_policy_id", "sam_account_name", "sam_account_name_key", "sip_address", "site_id", "title", "title_key", "upn", "upn_key") SELECT "city", "city_key", "created_at", "department", "department_key", "display_name", "display_name_key", "distinguished_name", "domain", "domain_key", "enabled", "extension", "first_name", "first_name_key", "id", "last_name", "last_name_key", "line_digits", "line_digits_reversed", "line_uri", "line_uri_key", "office", "office_key", "other_phones", "ou_dn", "ou_path", "password_hash", "pin_policy_id", "sam_account_name", "sam_account_name_key", "sip_address", "site_id", "title", "title_key", "upn", "upn_key" FROM "directory_user";
-- Backfill the OU path key (lib/users/user-keys.ts computes it on every later write).
-- lower() is ASCII-only on SQLite; the directory's OU names are.
UPDATE "new_directory_user" SET "ou_path_key" = lower("ou_path");
DROP TABLE "directory_user";
ALTER TABLE "new_directory_user" RENAME TO "directory_user";
CREATE UNIQUE INDEX "directory_user_upn_key" ON "directory_user"("upn");
CREATE UNIQUE INDEX "directory_user_sip_address_key" ON "directory_user"("sip_address");
CREATE UNIQUE INDEX "directory_user_distinguished_name_key" ON "directory_user"("distinguished_name");
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
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
