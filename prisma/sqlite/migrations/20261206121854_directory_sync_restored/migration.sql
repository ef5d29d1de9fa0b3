-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_directory_sync_run" (
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
    "restored" INTEGER NOT NULL DEFAULT 0,
    "deprovisioned" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "problems" TEXT NOT NULL DEFAULT '[]',
    "message" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "directory_sync_run_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "directory_source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_directory_sync_run" ("applied", "changed", "created", "deprovisioned", "disabled", "finished_at", "id", "kind", "message", "problems", "read", "removed", "requested_by", "requested_by_id", "skipped", "source_id", "started_at", "status", "unchanged") SELECT "applied", "changed", "created", "deprovisioned", "disabled", "finished_at", "id", "kind", "message", "problems", "read", "removed", "requested_by", "requested_by_id", "skipped", "source_id", "started_at", "status", "unchanged" FROM "directory_sync_run";
DROP TABLE "directory_sync_run";
ALTER TABLE "new_directory_sync_run" RENAME TO "directory_sync_run";
CREATE INDEX "directory_sync_run_source_id_started_at_idx" ON "directory_sync_run"("source_id", "started_at");
CREATE INDEX "directory_sync_run_status_idx" ON "directory_sync_run"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
