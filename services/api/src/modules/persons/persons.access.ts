/*
 * Who reaches the persons routes: the organisation's curator (read and write) and its head
 * (read). Region and municipal staff get 403: personal data never leaves the tenant.
 */
export const READ = { roles: ['curator' as const, 'head' as const] };
export const WRITE = { roles: ['curator' as const] };
export const tags = ['persons'];
