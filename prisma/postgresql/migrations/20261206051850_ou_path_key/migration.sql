-- DropIndex
DROP INDEX "directory_user_ou_path_idx";

-- AlterTable
ALTER TABLE "directory_user" ADD COLUMN     "ou_path_key" TEXT NOT NULL DEFAULT '';

-- Backfill the OU path key (lib/users/user-keys.ts computes it on every later write).
UPDATE "directory_user" SET "ou_path_key" = lower("ou_path");

-- CreateIndex
CREATE INDEX "directory_user_ou_path_key_idx" ON "directory_user"("ou_path_key" text_pattern_ops);
