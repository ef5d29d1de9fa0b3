-- CreateTable
CREATE TABLE "bulk_job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '{}',
    "summary" TEXT NOT NULL DEFAULT '',
    "created_by_id" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "started_at" BIGINT NOT NULL,
    "finished_at" BIGINT,
    "pins_erased_at" BIGINT,
    "pins_erased_why" TEXT,

    CONSTRAINT "bulk_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_job_item" (
    "job_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claim_token" TEXT,
    "lease_until" BIGINT,
    "reason" TEXT,
    "pin_ciphertext" TEXT,
    "finished_at" BIGINT,

    CONSTRAINT "bulk_job_item_pkey" PRIMARY KEY ("job_id","seq")
);

-- CreateIndex
CREATE INDEX "bulk_job_status_created_at_idx" ON "bulk_job"("status", "created_at");

-- CreateIndex
CREATE INDEX "bulk_job_created_at_idx" ON "bulk_job"("created_at");

-- CreateIndex
CREATE INDEX "bulk_job_item_job_id_status_seq_idx" ON "bulk_job_item"("job_id", "status", "seq");

-- CreateIndex
CREATE INDEX "bulk_job_item_status_lease_until_idx" ON "bulk_job_item"("status", "lease_until");

-- AddForeignKey
ALTER TABLE "bulk_job_item" ADD CONSTRAINT "bulk_job_item_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "bulk_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
