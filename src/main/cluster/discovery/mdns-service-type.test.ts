// The config's mdns_service string becomes the type bonjour-service browses and publishes.
import { describe, expect, it } from 'vitest';
import { DiscoveryError } from './discovery-error';
import { DEFAULT_MDNS_SERVICE, parseMdnsServiceType } from './mdns-service-type';

describe('parseMdnsServiceType', () => {
  it('maps the default "_harombe._tcp.local" to type harombe over tcp', () => {
    expect(parseMdnsServiceType(DEFAULT_MDNS_SERVICE)).toEqual({ type: 'harombe', protocol: 'tcp' });
  });

  it.each([
    ['_harombe._tcp', { type: 'harombe', protocol: 'tcp' }],
    ['_Harombe._TCP.local.', { type: 'harombe', protocol: 'tcp' }],
    ['_my-lab._udp.local', { type: 'my-lab', protocol: 'udp' }],
  ])('accepts %s', (input, expected) => {
    expect(parseMdnsServiceType(input)).toEqual(expected);
  });

  it.each(['harombe', '_harombe.local', '_harombe._sctp.local', '', '_this-name-is-too-long._tcp.local'])(
    'rejects "%s" with a hint showing the right form',
    (input) => {
      const attempt = () => parseMdnsServiceType(input);
      expect(attempt).toThrow(DiscoveryError);
      expect(attempt).toThrow(/cluster\.discovery\.mdns_service/);
      try {
        attempt();
      } catch (error) {
        expect((error as DiscoveryError).hint).toContain('_harombe._tcp.local');
      }
    },
  );
});
