/** The user's picture, or their initials on a colour derived from their id. */
export function Avatar({
  name,
  src,
  seed,
  size = 40,
}: {
  name: string;
  src?: string | null;
  seed?: string;
  size?: number;
}) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?';
  const hue = [...(seed ?? name)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const style = { width: size, height: size, fontSize: size * 0.38 };
  if (src) {
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={src} alt="" className="shrink-0 rounded-full object-cover" style={style} />;
  }
  return (
    <span
      aria-hidden="true"
      className="inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white"
      style={{ ...style, background: `hsl(${hue} 55% 45%)` }}
    >
      {initials}
    </span>
  );
}
