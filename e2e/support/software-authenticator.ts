import crypto from "node:crypto";
import { type CBORType, encodeCBOR } from "@levischuck/tiny-cbor";

// A passkey authenticator in the test process: an ES256 key pair and a signature counter,
// answering the server's options the way a browser and its authenticator would, with
// every part an attacker could bend in our hands: the origin in the client data, the
// counter, the user verification flag, the credential id it claims.

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => crypto.createHash("sha256").update(data).digest();

export type AnswerOptions = {
  /** The origin the client data names (default: the server's). */
  origin?: string;
  /** Overrides the counter sent (default: one more than the last). */
  counter?: number;
  /** The UV flag (default: set). */
  userVerified?: boolean;
  /** Claims another credential id than its own. */
  credentialId?: string;
};

export class SoftwareAuthenticator {
  readonly credentialId = b64url(crypto.randomBytes(16));
  private readonly keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  private counter = 0;
  private userHandle: string | undefined;

  constructor(
    private readonly origin: string,
    private readonly aaguid = Buffer.alloc(16),
  ) {}

  /** The answer to registration options (POST /api/auth/passkeys/registration/options). */
  register(options: { challenge: string; rp: { id: string }; user: { id: string } }, answer: AnswerOptions = {}) {
    this.userHandle = options.user.id;
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const cosePublicKey = encodeCBOR(
      new Map<number, CBORType>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const credentialId = Buffer.from(this.credentialId, "base64url");
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([
      this.authenticatorData(options.rp.id, { ...answer, counter: answer.counter ?? 0 }, 0x40),
      this.aaguid,
      idLength,
      credentialId,
      cosePublicKey,
    ]);
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ["fmt", "none"],
        ["attStmt", new Map<string, CBORType>()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData("webauthn.create", options.challenge, answer.origin),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** The answer to authentication options (sign-in or second factor). */
  authenticate(options: { challenge: string; rpId: string }, answer: AnswerOptions = {}) {
    const counter = answer.counter ?? this.counter + 1;
    this.counter = Math.max(this.counter, counter);
    const authData = this.authenticatorData(options.rpId, { ...answer, counter });
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, answer.origin);
    const signature = crypto.sign(
      "sha256",
      Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, "base64url"))]),
      this.keys.privateKey,
    );
    const id = answer.credentialId ?? this.credentialId;
    return {
      id,
      rawId: id,
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON, authenticatorData: b64url(authData), signature: b64url(signature), userHandle: this.userHandle },
    };
  }

  private clientData(type: string, challenge: string, origin = this.origin): string {
    return b64url(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private authenticatorData(rpId: string, answer: AnswerOptions & { counter: number }, extraFlags = 0): Buffer {
    const userPresent = 0x01;
    const userVerified = answer.userVerified === false ? 0 : 0x04;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(answer.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([userPresent | userVerified | extraFlags]), counter]);
  }
}
