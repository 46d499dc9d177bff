/**
 * One option's text as given: on the command line (`--name value` or `--name=value`, the last
 * one wins) or else in its environment variable (an empty one is not set); null when neither
 * gives it. A flag without its value throws what `missing` makes, worded by the option's owner.
 */
export function optionText(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  flag: string,
  variable: string,
  missing: () => Error,
): { text: string; from: string } | null {
  let given: { text: string; from: string } | null = null;
  const fromEnv = env[variable]?.trim();
  if (fromEnv) given = { text: fromEnv, from: variable };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg !== flag && !arg.startsWith(`${flag}=`)) continue;
    const text = arg === flag ? argv[++i] : arg.slice(flag.length + 1);
    if (text === undefined || text.trim() === '' || text.startsWith('--')) throw missing();
    given = { text: text.trim(), from: flag };
  }
  return given;
}
