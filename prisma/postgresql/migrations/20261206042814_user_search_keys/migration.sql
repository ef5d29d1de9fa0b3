-- DropIndex
DROP INDEX "directory_user_department_display_name_key_id_idx";

-- AlterTable
ALTER TABLE "directory_user" ADD COLUMN     "city_key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "department_key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "domain_key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "line_digits_reversed" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "office_key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "title_key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "upn_key" TEXT NOT NULL DEFAULT '';

-- Backfill the search keys (lib/users/user-keys.ts computes them on every later write).
UPDATE "directory_user" SET
    "domain_key" = lower("domain"),
    "upn_key" = lower("upn"),
    "title_key" = lower("title"),
    "department_key" = lower("department"),
    "office_key" = lower("office"),
    "city_key" = lower("city"),
    "line_digits_reversed" = reverse("line_digits");

-- CreateIndex
CREATE INDEX "directory_user_department_key_display_name_key_id_idx" ON "directory_user"("department_key", "display_name_key", "id");

-- CreateIndex
CREATE INDEX "directory_user_upn_key_idx" ON "directory_user"("upn_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_line_digits_reversed_idx" ON "directory_user"("line_digits_reversed" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_department_key_idx" ON "directory_user"("department_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_title_key_idx" ON "directory_user"("title_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_office_key_idx" ON "directory_user"("office_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "directory_user_city_key_idx" ON "directory_user"("city_key" text_pattern_ops);
