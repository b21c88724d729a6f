/** One option of a ChoiceGroup. */
export interface Choice<V> {
  value: V;
  label: string;
  /** The language of the label when it is not the screen's (a language's own name). */
  lang?: string;
  disabled?: boolean;
  /** A test id for the option's button. */
  testId?: string;
}
