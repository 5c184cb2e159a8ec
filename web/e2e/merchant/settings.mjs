// Issue 22 segment "settings": see index.mjs for the context it receives.
export async function run(_ctx) {}
