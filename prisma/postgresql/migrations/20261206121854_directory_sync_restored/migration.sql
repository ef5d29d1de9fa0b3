-- AlterTable
ALTER TABLE "directory_sync_run" ADD COLUMN     "restored" INTEGER NOT NULL DEFAULT 0;
