/** Signs users in through the real login endpoint, a few at a time (scrypt is the cost). */
export async function loginMany(serverUrl: string, usernames: string[], concurrency = 8): Promise<string[]> {
  const tokens = new Array<string>(usernames.length);
  let next = 0;
  const worker = async () => {
    while (next < usernames.length) {
      const i = next++;
      const res = await fetch(`${serverUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: usernames[i], password: 'demo' }),
      });
      if (!res.ok) throw new Error(`login of ${usernames[i]} failed: ${res.status} ${await res.text()}`);
      tokens[i] = ((await res.json()) as { token: string }).token;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tokens;
}
