-- CreateIndex
CREATE INDEX "directory_user_id_enabled_pin_policy_id_site_id_idx" ON "directory_user"("id", "enabled", "pin_policy_id", "site_id");
