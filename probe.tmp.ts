import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from './functions/app/api-reference';
const doc = openApiDocument({ target: 'local', serverUrl: 'http://127.0.0.1:3000' });
const v = new Validator();
const res = await v.validate(JSON.parse(JSON.stringify(doc)));
console.log(res.valid, v.version, JSON.stringify(res.errors)?.slice(0, 2000));
console.log(JSON.stringify(doc).length, Object.keys(doc.paths));
console.log(JSON.stringify(doc.components.schemas.OutcomeAmended).slice(0, 400));
