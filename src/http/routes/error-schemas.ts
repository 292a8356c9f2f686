// The JSON error body of every REST route (the shape http/error-mapping.ts sends). Imports only typebox.
import { Type } from 'typebox';

export const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
