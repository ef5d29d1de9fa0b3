-- AlterTable
ALTER TABLE "directory_user" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "removed_at" BIGINT,
ADD COLUMN     "source_id" TEXT;

-- CreateTable
CREATE TABLE "directory_source" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "bind_password_ciphertext" TEXT,
    "from_environment" BOOLEAN NOT NULL DEFAULT false,
    "sync_interval_minutes" INTEGER NOT NULL DEFAULT 0,
    "removal_grace_hours" INTEGER NOT NULL DEFAULT 24,
    "cursor" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "directory_source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_sync_run" (
    "id" TEXT NOT NULL,
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

    CONSTRAINT "directory_sync_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_sync_lease" (
    "id" INTEGER NOT NULL,
    "run_id" TEXT,
    "owner" TEXT,
    "lease_until" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "directory_sync_lease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "directory_source_name_key" ON "directory_source"("name");

-- CreateIndex
CREATE INDEX "directory_sync_run_source_id_started_at_idx" ON "directory_sync_run"("source_id", "started_at");

-- CreateIndex
CREATE INDEX "directory_sync_run_status_idx" ON "directory_sync_run"("status");

-- CreateIndex
CREATE INDEX "directory_user_removed_at_idx" ON "directory_user"("removed_at");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_source_id_external_id_key" ON "directory_user"("source_id", "external_id");

-- AddForeignKey
ALTER TABLE "directory_user" ADD CONSTRAINT "directory_user_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "directory_source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_sync_run" ADD CONSTRAINT "directory_sync_run_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "directory_source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
