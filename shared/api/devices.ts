/** Who is signed in where (issue 11): each session is a device. */
import { DeviceList, DeviceView, OkResponse, SetDisabledRequest, SignedOutResponse, UserDevices, WipeReport } from '../http';
import { endpoint } from './endpoint';
import { z } from 'zod';
import { DeviceId, UserRef } from './ids';

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
