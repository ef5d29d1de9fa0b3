-- DropIndex
DROP INDEX "directory_user_display_name_key_idx";

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
