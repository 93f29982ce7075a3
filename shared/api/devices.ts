/** Who is signed in where (issue 11): each session is a device. */
import { OkResponse } from './common';
import { endpoint } from './endpoint';
import { z } from 'zod';
import { DeviceId, UserRef } from './ids';
import { User } from './session';

/** One signed-in device: a session, as its owner and the administrators see it. */
export const DeviceView = z.object({
  id: z.string(),
  /** What the device called itself at sign-in ("" for sessions from before devices had names). */
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The address it was last seen from, as the server saw it (behind a NAT, the NAT's). */
  lastSeenIp: z.string().nullable(),
  /** When the session ends unless it is used again (and never later than its absolute limit). */
  expiresAt: z.string(),
  /** Set once someone marked the device lost: it wipes itself on its next contact. */
  lostAt: z.string().nullable(),
  /** Whether this is the device making the call. */
  current: z.boolean(),
});
export type DeviceView = z.infer<typeof DeviceView>;

/** GET /api/devices */
export const DeviceList = z.object({ devices: z.array(DeviceView) });
export type DeviceList = z.infer<typeof DeviceList>;

/** GET /api/users/:user/devices (an administrator, or the secretariat of a meeting the user is in). */
export const UserDevices = z.object({ user: User, disabled: z.boolean(), devices: z.array(DeviceView) });
export type UserDevices = z.infer<typeof UserDevices>;

/** DELETE /api/devices, DELETE /api/users/:user/devices: how many sessions ended. */
export const SignedOutResponse = z.object({ signedOut: z.number().int() });
export type SignedOutResponse = z.infer<typeof SignedOutResponse>;

/** PUT /api/users/:user/disabled (administrators). */
export const SetDisabledRequest = z.object({ disabled: z.boolean() });
export type SetDisabledRequest = z.infer<typeof SetDisabledRequest>;

/** POST /api/devices/current/wiped: what a lost device deleted, recorded in the audit log. */
export const WipeReport = z.object({
  meetings: z.number().int().min(0).max(1_000_000),
  documents: z.number().int().min(0).max(10_000_000),
  /** Records from the outbox the server accepted (or refused with a reason) before the wipe. */
  recordsSent: z.number().int().min(0).max(10_000_000),
  /** Records that could not be sent and were deleted with everything else. */
  recordsUnsent: z.number().int().min(0).max(10_000_000),
});
export type WipeReport = z.infer<typeof WipeReport>;

const device = z.object({ deviceId: DeviceId });
const user = z.object({ user: UserRef });

export const deviceEndpoints = {
  'devices.list': endpoint({ method: 'GET', path: '/api/devices', access: 'signed-in', summary: "The caller's signed-in devices", reply: DeviceList }),
  'devices.signOutEverywhere': endpoint({
    method: 'DELETE',
    path: '/api/devices',
    access: 'signed-in',
    summary: 'Sign out on every device, this one included',
    reply: SignedOutResponse,
  }),
  'devices.signOut': endpoint({
    method: 'DELETE',
    path: '/api/devices/:deviceId',
    access: 'signed-in',
    summary: 'Sign out one device (own, or of someone the caller manages)',
    params: device,
    reply: OkResponse,
    errors: ['not_found', 'conflict'],
  }),
  'devices.markLost': endpoint({
    method: 'POST',
    path: '/api/devices/:deviceId/lost',
    access: 'signed-in',
    summary: 'Mark a device lost: it is told to delete what it keeps and sign out',
    params: device,
    reply: DeviceView,
    errors: ['not_found'],
  }),
  'devices.reportWipe': endpoint({
    method: 'POST',
    path: '/api/devices/current/wiped',
    access: 'signed-in',
    allowLost: true,
    summary: 'A lost device reports that it deleted what it kept',
    body: WipeReport,
    reply: OkResponse,
    errors: ['conflict'],
  }),
  'devices.ofUser': endpoint({
    method: 'GET',
    path: '/api/users/:user/devices',
    access: 'signed-in',
    summary: "A person's devices (oneself, an admin, or the secretariat of a shared meeting)",
    params: user,
    reply: UserDevices,
    errors: ['not_found'],
  }),
  'devices.signOutUser': endpoint({
    method: 'DELETE',
    path: '/api/users/:user/devices',
    access: 'signed-in',
    summary: 'Sign a person out on every device',
    params: user,
    reply: SignedOutResponse,
    errors: ['not_found'],
  }),
  'devices.setUserDisabled': endpoint({
    method: 'PUT',
    path: '/api/users/:user/disabled',
    access: 'signed-in',
    summary: 'Disable or enable an account (administrators)',
    params: user,
    body: SetDisabledRequest,
    reply: UserDevices,
    errors: ['not_found', 'forbidden'],
  }),
};
