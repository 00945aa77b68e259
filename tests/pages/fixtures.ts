import { test as base, type Browser, type Page } from "@playwright/test";
import { SignInPage, SignUpPage, type Credentials } from "./auth-pages";
import { DocumentReaderPage, DocumentsPage } from "./documents-page";
import { CodebookPage, MembersPage } from "./project-pages";
import { ProjectsPage } from "./projects-page";

export type Pages = {
  signUp: SignUpPage;
  signIn: SignInPage;
  projects: ProjectsPage;
  codebook: CodebookPage;
  members: MembersPage;
  documents: DocumentsPage;
  reader: DocumentReaderPage;
};

export function pagesFor(page: Page): Pages {
  return {
    signUp: new SignUpPage(page),
    signIn: new SignInPage(page),
    projects: new ProjectsPage(page),
    codebook: new CodebookPage(page),
    members: new MembersPage(page),
    documents: new DocumentsPage(page),
    reader: new DocumentReaderPage(page),
  };
}

/** A second (third, …) person in their own browser context, so sessions never mix. */
export async function asNewPerson(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page, ...pagesFor(page) };
}

export type { Credentials };

export const test = base.extend<Pages>({
  signUp: async ({ page }, use) => use(new SignUpPage(page)),
  signIn: async ({ page }, use) => use(new SignInPage(page)),
  projects: async ({ page }, use) => use(new ProjectsPage(page)),
  codebook: async ({ page }, use) => use(new CodebookPage(page)),
  members: async ({ page }, use) => use(new MembersPage(page)),
  documents: async ({ page }, use) => use(new DocumentsPage(page)),
  reader: async ({ page }, use) => use(new DocumentReaderPage(page)),
});
export { expect } from "@playwright/test";
