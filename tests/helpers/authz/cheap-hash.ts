import { randomBytes, scrypt } from "node:crypto";

/**
 * A password hash in lib/auth/password's format (`scrypt$N$r$p$salt$hash`) at a small cost.
 * The stored hash carries its parameters, so it is checked at that cost too. The authorization
 * tests sign up, sign in and change passwords dozens of times, and the real cost (on purpose
 * ~0.1 s of CPU per hash, several times that on a busy machine) would dominate their run time;
 * what they test is who may call what, not the hash.
 */
export function cheapScryptHash(password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const salt = randomBytes(16);
    scrypt(password.normalize("NFC"), salt, 32, { N: 1024, r: 8, p: 1 }, (error, key) =>
      error ? reject(error) : resolve(`scrypt$1024$8$1$${salt.toString("base64")}$${key.toString("base64")}`),
    );
  });
}
