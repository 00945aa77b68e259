import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { claimSignInAttempt, recordSignInSuccess } from "@/db/queries/auth-throttle";
import { getUserByEmail } from "@/db/queries/users";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/password";
import { getEnv } from "@/lib/config/env";
import { resolveAuthSecret } from "./auth-secret";
import { clientIp } from "./client-ip";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    sessionVersion: number;
  }
  interface User {
    sessionVersion?: number;
  }
}

/** How long a sign-in lasts (SESSION_MAX_AGE_DAYS), in seconds. */
function sessionMaxAgeSeconds(): number {
  return Math.round(getEnv().SESSION_MAX_AGE_DAYS * 24 * 60 * 60);
}

/** Thrown from `authorize` so the sign-in form can say why, without a stack trace in the log. */
export class ThrottledSignIn extends CredentialsSignin {
  code = "throttled";
}

const credentialsSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  // A signed JWT in a cookie: expired after SESSION_MAX_AGE_DAYS (its `exp`, checked on every
  // read), and refused before that once the password changes (session version, lib/server/session.ts).
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
  pages: { signIn: "/sign-in" },
  logger: {
    // A wrong password is not an incident: one line, no stack trace.
    error(error) {
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin") return;
      console.error(`[auth] ${type ?? error.name}: ${error.message}`);
    },
    warn() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const db = await getDb();
        const who = { email, ip: clientIp(request.headers) };
        // Counted before the password is checked, so a burst cannot slip past the limit.
        if (!(await claimSignInAttempt(db, who)).allowed) throw new ThrottledSignIn();
        const user = await getUserByEmail(db, { email });
        // verifyPassword runs scrypt even for an unknown email, so timing tells nothing.
        const valid = await verifyPassword(password, user?.kind === "person" ? user.passwordHash : null);
        if (!user || !valid) return null;
        await recordSignInSuccess(db, who);
        return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 1;
        token.authTime = Math.floor(Date.now() / 1000);
      }
      // next-auth re-issues the cookie with a fresh `exp` whenever /api/auth/session is read;
      // counting from the sign-in itself keeps the session's life absolute. Null signs it out.
      const signedInAt = Number(token.authTime ?? token.iat ?? 0);
      if (signedInAt + sessionMaxAgeSeconds() < Date.now() / 1000) return null;
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid ?? "");
      session.sessionVersion = Number(token.sv ?? 0);
      return session;
    },
  },
}));
