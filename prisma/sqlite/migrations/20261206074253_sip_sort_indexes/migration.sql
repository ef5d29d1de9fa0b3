-- CreateIndex
CREATE INDEX "directory_user_department_key_sip_address_idx" ON "directory_user"("department_key", "sip_address");

-- CreateIndex
CREATE INDEX "directory_user_site_id_sip_address_idx" ON "directory_user"("site_id", "sip_address");

-- CreateIndex
CREATE INDEX "directory_user_pin_policy_id_sip_address_idx" ON "directory_user"("pin_policy_id", "sip_address");
