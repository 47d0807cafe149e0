export { registerRoute as POST } from "../../../../shared/users.mjs";
