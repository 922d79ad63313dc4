// Starts GOV.UK Frontend's components; kept in a file so the content security policy needs no inline script.
import { initAll } from "../dist/govuk-frontend.min.js";

initAll();
