-- CreateTable
CREATE TABLE "activity_count" (
    "series" TEXT NOT NULL,
    "hour" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("series", "hour", "key")
);

-- CreateTable
CREATE TABLE "activity_backfill" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "until_id" INTEGER NOT NULL,
    "done_to_id" INTEGER NOT NULL
);

-- Events already in the audit trail are counted by the backfill (lib/db/activity-backfill.ts), up to the last one now.
INSERT INTO "activity_backfill" ("id", "until_id", "done_to_id") SELECT 1, COALESCE(MAX("id"), 0), 0 FROM "audit_event";
