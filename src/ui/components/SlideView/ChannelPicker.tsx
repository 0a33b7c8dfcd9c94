/** Which channel a step view follows. */
export function ChannelPicker(props: {
  readonly label: string;
  readonly value: number;
  readonly count: number;
  readonly onChange: (c: number) => void;
}) {
  return (
    <label>
      {props.label}
      <select
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
        data-testid="follow-channel"
      >
        {Array.from({ length: props.count }, (_, i) => (
          <option key={i} value={i}>
            {i}
          </option>
        ))}
      </select>
    </label>
  );
}
