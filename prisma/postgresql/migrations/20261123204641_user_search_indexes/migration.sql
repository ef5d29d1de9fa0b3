-- DropIndex
DROP INDEX "directory_user_display_name_key_idx";

-- DropIndex
DROP INDEX "directory_user_first_name_key_idx";

-- DropIndex
DROP INDEX "directory_user_last_name_key_idx";

-- DropIndex
DROP INDEX "directory_user_sam_account_name_key_idx";

-- DropIndex
DROP INDEX "directory_user_line_uri_key_idx";

-- DropIndex
DROP INDEX "directory_user_ou_path_idx";

-- DropIndex
DROP INDEX "directory_user_department_idx";

-- DropIndex
DROP INDEX "directory_user_site_id_idx";

-- DropIndex
DROP INDEX "directory_user_pin_policy_id_idx";

-- CreateIndex
CREATE INDEX "directory_user_display_name_key_id_idx" ON "directory_user"("display_name_key", "id");

-- CreateIndex
CREATE INDEX "directory_user_department_display_name_key_id_idx" ON "directory_user"("department", "display_name_key", "id");

-- CreateIndex
CREATE INDEX "directory_user_site_id_display_name_key_id_idx" ON "directory_user"("site_id", "display_name_key", "id");

-- CreateIndex
CREATE INDEX "directory_user_pin_policy_id_display_name_key_id_idx" ON "directory_user"("pin_policy_id", "display_name_key", "id");

-- CreateIndex
CREATE INDEX "directory_user_display_name_key_idx" ON "directory_user"("display_name_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_first_name_key_idx" ON "directory_user"("first_name_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_last_name_key_idx" ON "directory_user"("last_name_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_sam_account_name_key_idx" ON "directory_user"("sam_account_name_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_sip_address_idx" ON "directory_user"("sip_address" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_line_uri_key_idx" ON "directory_user"("line_uri_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_ou_path_idx" ON "directory_user"("ou_path" text_pattern_ops);
