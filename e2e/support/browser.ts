import { expect, type Page } from "@playwright/test";
import { goodPassword } from "./api";

/** Signs in through the login form, as a person would, and waits for the dashboard. */
export async function signInThroughForm(page: Page, email: string, password = goodPassword): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
