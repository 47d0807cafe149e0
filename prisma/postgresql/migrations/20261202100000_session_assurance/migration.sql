-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "assurance" TEXT NOT NULL DEFAULT 'aal1',
ADD COLUMN     "method" TEXT NOT NULL DEFAULT 'password';

