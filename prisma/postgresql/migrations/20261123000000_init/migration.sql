-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "site" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "org_unit" (
    "id" TEXT NOT NULL,
    "dn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,

    CONSTRAINT "org_unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_user" (
    "id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "display_name_key" TEXT NOT NULL,
    "first_name" TEXT NOT NULL DEFAULT '',
    "first_name_key" TEXT NOT NULL DEFAULT '',
    "last_name" TEXT NOT NULL DEFAULT '',
    "last_name_key" TEXT NOT NULL DEFAULT '',
    "sam_account_name" TEXT NOT NULL,
    "sam_account_name_key" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    "sip_address" TEXT NOT NULL,
    "line_uri" TEXT NOT NULL DEFAULT '',
    "line_uri_key" TEXT NOT NULL DEFAULT '',
    "line_digits" TEXT NOT NULL DEFAULT '',
    "extension" TEXT NOT NULL DEFAULT '',
    "other_phones" TEXT NOT NULL DEFAULT '[]',
    "distinguished_name" TEXT NOT NULL,
    "ou_dn" TEXT NOT NULL,
    "ou_path" TEXT NOT NULL,
    "site_id" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "department" TEXT NOT NULL DEFAULT '',
    "office" TEXT NOT NULL DEFAULT '',
    "city" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pin_policy_id" TEXT,
    "password_hash" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pin_state" (
    "user_id" TEXT NOT NULL,
    "pin_hash" TEXT,
    "pin_length" INTEGER NOT NULL DEFAULT 0,
    "pin_set_at" BIGINT,
    "pin_set_method" TEXT,
    "pin_set_by" TEXT,
    "admin_locked_at" BIGINT,
    "admin_locked_by" TEXT,
    "system_locked_at" BIGINT,
    "locked_until" BIGINT,
    "window_start" BIGINT,
    "local_failures" INTEGER NOT NULL DEFAULT 0,
    "global_failures" INTEGER NOT NULL DEFAULT 0,
    "last_failure_at" BIGINT,
    "last_logon_at" BIGINT,

    CONSTRAINT "pin_state_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "pin_history" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "pin_hash" TEXT NOT NULL,
    "set_at" BIGINT NOT NULL,

    CONSTRAINT "pin_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pin_policy" (
    "id" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "min_password_length" INTEGER NOT NULL DEFAULT 5,
    "pin_history_count" INTEGER NOT NULL DEFAULT 0,
    "pin_lifetime" INTEGER NOT NULL DEFAULT 0,
    "allow_common_patterns" BOOLEAN NOT NULL DEFAULT false,
    "maximum_logon_attempts" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "pin_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "target_name" TEXT NOT NULL DEFAULT '',
    "source_address" TEXT NOT NULL DEFAULT '',
    "user_agent" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "last_id" INTEGER NOT NULL DEFAULT 0,
    "last_hash" TEXT NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_number" (
    "id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "display_number" TEXT NOT NULL,
    "line_uri" TEXT NOT NULL,
    "primary_language" TEXT NOT NULL,
    "secondary_languages" TEXT NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_number_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_number_region" (
    "access_number_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "access_number_region_pkey" PRIMARY KEY ("access_number_id","region")
);

-- CreateTable
CREATE TABLE "bridge_key" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "allowed_sources" TEXT NOT NULL DEFAULT '[]',
    "rate_per_minute" INTEGER NOT NULL DEFAULT 600,
    "created_by" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "bridge_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saved_query" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_query_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_assignment" (
    "user_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_assignment_pkey" PRIMARY KEY ("user_id","role")
);

-- CreateTable
CREATE TABLE "rate_limit_bucket" (
    "key" TEXT NOT NULL,
    "window_start" BIGINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_bucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "site_name_key" ON "site"("name");

-- CreateIndex
CREATE UNIQUE INDEX "org_unit_dn_key" ON "org_unit"("dn");

-- CreateIndex
CREATE UNIQUE INDEX "org_unit_path_key" ON "org_unit"("path");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_upn_key" ON "directory_user"("upn");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_sip_address_key" ON "directory_user"("sip_address");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_distinguished_name_key" ON "directory_user"("distinguished_name");

-- CreateIndex
CREATE INDEX "directory_user_display_name_key_idx" ON "directory_user"("display_name_key");

-- CreateIndex
CREATE INDEX "directory_user_first_name_key_idx" ON "directory_user"("first_name_key");

-- CreateIndex
CREATE INDEX "directory_user_last_name_key_idx" ON "directory_user"("last_name_key");

-- CreateIndex
CREATE INDEX "directory_user_sam_account_name_key_idx" ON "directory_user"("sam_account_name_key");

-- CreateIndex
CREATE INDEX "directory_user_line_uri_key_idx" ON "directory_user"("line_uri_key");

-- CreateIndex
CREATE INDEX "directory_user_line_digits_idx" ON "directory_user"("line_digits");

-- CreateIndex
CREATE INDEX "directory_user_extension_idx" ON "directory_user"("extension");

-- CreateIndex
CREATE INDEX "directory_user_ou_path_idx" ON "directory_user"("ou_path");

-- CreateIndex
CREATE INDEX "directory_user_department_idx" ON "directory_user"("department");

-- CreateIndex
CREATE INDEX "directory_user_site_id_idx" ON "directory_user"("site_id");

-- CreateIndex
CREATE INDEX "directory_user_pin_policy_id_idx" ON "directory_user"("pin_policy_id");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_domain_sam_account_name_key" ON "directory_user"("domain", "sam_account_name");

-- CreateIndex
CREATE INDEX "pin_history_user_id_set_at_idx" ON "pin_history"("user_id", "set_at");

-- CreateIndex
CREATE UNIQUE INDEX "pin_policy_identity_key" ON "pin_policy"("identity");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_action_idx" ON "audit_event"("action");

-- CreateIndex
CREATE INDEX "audit_event_actor_id_idx" ON "audit_event"("actor_id");

-- CreateIndex
CREATE INDEX "audit_event_target_id_idx" ON "audit_event"("target_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_number_line_uri_key" ON "access_number"("line_uri");

-- CreateIndex
CREATE INDEX "access_number_region_region_position_idx" ON "access_number_region"("region", "position");

-- CreateIndex
CREATE UNIQUE INDEX "bridge_key_name_key" ON "bridge_key"("name");

-- CreateIndex
CREATE UNIQUE INDEX "bridge_key_key_prefix_key" ON "bridge_key"("key_prefix");

-- CreateIndex
CREATE UNIQUE INDEX "saved_query_owner_id_name_key" ON "saved_query"("owner_id", "name");

-- AddForeignKey
ALTER TABLE "directory_user" ADD CONSTRAINT "directory_user_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_user" ADD CONSTRAINT "directory_user_pin_policy_id_fkey" FOREIGN KEY ("pin_policy_id") REFERENCES "pin_policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pin_state" ADD CONSTRAINT "pin_state_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "directory_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pin_history" ADD CONSTRAINT "pin_history_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "directory_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_number_region" ADD CONSTRAINT "access_number_region_access_number_id_fkey" FOREIGN KEY ("access_number_id") REFERENCES "access_number"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_query" ADD CONSTRAINT "saved_query_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "directory_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "directory_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

