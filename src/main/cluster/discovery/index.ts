// mDNS discovery: advertise this node as `_harombe._tcp`, and browse for the others.
export { MdnsAdvertiser } from './mdns-advertiser';
export type { MdnsAdvertiserOptions } from './mdns-advertiser';
export { MdnsBrowser, connectableAddress } from './mdns-browser';
export type { MdnsBrowserOptions } from './mdns-browser';
export { decideAdvertising } from './advertising-decision';
export type { AdvertisingDecision } from './advertising-decision';
export { discoveryTxtSchema, encodeDiscoveryTxt } from './discovery-txt';
export type { DiscoveredNode, DiscoveryTxt } from './discovery-txt';
export { parseMdnsServiceType, DEFAULT_MDNS_SERVICE } from './mdns-service-type';
export type { MdnsServiceType } from './mdns-service-type';
export { localHostName } from './local-host-name';
export { DiscoveryError } from './discovery-error';
export { createBonjour } from './bonjour-handle';
export type { BonjourFactory, BonjourHandle, MdnsSocketOptions, BrowsedService, PublishConfig, PublishedService, ServiceBrowser } from './bonjour-handle';
export type { DiscoveryLogger } from './discovery-logger';
export { MdnsAdoption } from './mdns-adoption';
export type { AdoptableNodes, AdoptionOutcome, SelfAddress } from './mdns-adoption';
