/** Stops the server global-setup started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__jorenTestDatabase?.stop();
}
