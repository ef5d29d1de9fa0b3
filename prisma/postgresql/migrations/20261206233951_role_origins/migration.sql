-- AlterTable
ALTER TABLE "role_assignment" DROP CONSTRAINT "role_assignment_pkey",
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'direct',
ADD COLUMN     "via" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "role_assignment_pkey" PRIMARY KEY ("user_id", "role", "origin");

-- CreateIndex
CREATE INDEX "role_assignment_role_idx" ON "role_assignment"("role");
