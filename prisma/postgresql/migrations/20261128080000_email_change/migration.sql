-- AlterTable
ALTER TABLE "AccountToken" ADD COLUMN     "email" TEXT;

