/** "1st", "2nd", "3rd", "4th", ..., "11th", "12th", "13th", "21st". */
export function ordinalOf(number: number): string {
  const lastTwo = number % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${number}th`;
  const suffix = { 1: 'st', 2: 'nd', 3: 'rd' }[number % 10] ?? 'th';
  return `${number}${suffix}`;
}
