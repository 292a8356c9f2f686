// CSV as Step Functions' ItemReader reads it, on csv-parse. The rules AWS documents and Scones follows:
// - fields are split by the configured delimiter and records by newlines (CRLF, LF or a lone CR, mixed freely);
// - double quotes are not required, but a field that starts with one may hold delimiters and newlines, and a
//   doubled quote inside it stands for one quote;
// - a quote inside an unquoted field is an ordinary character;
// - rows may be shorter or longer than the header (the item reader fills in or refuses), an empty line is a row
//   of one empty field, and every field is a string.
// A quoted field with text after its closing quote is read as it stands, quotes included; a quoted field that is
// never closed is malformed and throws csv-parse's error (the item reader fails with States.ItemReaderFailed).
import { parse } from 'csv-parse/sync';

export function parseCsv(text: string, delimiter: string): string[][] {
  return parse(text, {
    delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
  }) as string[][];
}
