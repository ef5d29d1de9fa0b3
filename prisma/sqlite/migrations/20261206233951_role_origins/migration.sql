-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_role_assignment" (
    "user_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'direct',
    "via" TEXT NOT NULL DEFAULT '',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("user_id", "role", "origin"),
    CONSTRAINT "role_assignment_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "directory_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_role_assignment" ("created_at", "role", "user_id") SELECT "created_at", "role", "user_id" FROM "role_assignment";
DROP TABLE "role_assignment";
ALTER TABLE "new_role_assignment" RENAME TO "role_assignment";
CREATE INDEX "role_assignment_role_idx" ON "role_assignment"("role");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
