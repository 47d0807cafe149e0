import { describeDevice } from "./device";

// The name a new passkey gets until its owner gives it one: the provider's, when its
// AAGUID is one the community list (github.com/passkeydeveloper/passkey-authenticator-aaguids)
// names and this short copy of it holds; else the browser and system that registered it.
// Names only: nothing here decides what an authenticator is trusted with.

const providerNames: Record<string, string> = {
  "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
  "adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome on Mac",
  "b5397666-4885-aa6b-cebf-e52262a439a2": "Chromium Browser",
  "fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
  "dd4ec289-e01d-41c9-bb89-70fa845d4bf2": "iCloud Keychain (Managed)",
  "08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
  "9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
  "6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
  "bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
  "d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
  "531126d6-e717-415c-9320-3d9aa6981239": "Dashlane",
  "53414d53-554e-4700-0000-000000000000": "Samsung Pass",
};

export const maxPasskeyNameLength = 64;

export function defaultPasskeyName(aaguid: string, userAgent: string | null): string {
  const provider = providerNames[aaguid.toLowerCase()];
  if (provider) return provider;
  const { label } = describeDevice(userAgent);
  return (label === "Unknown device" ? "Passkey" : `Passkey on ${label}`).slice(0, maxPasskeyNameLength);
}
