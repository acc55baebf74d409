import {
  CLOUDTRAIL_COLUMNS, PARTITION_KEYS, queryablePaths, structFieldPaths,
} from '../../src/query/cloudtrail-table-schema';

describe('the CloudTrail record schema', () => {
  test('has AWS\'s columns, in AWS\'s order', () => {
    expect(CLOUDTRAIL_COLUMNS.map((column) => column.name)).toEqual([
      'eventversion', 'useridentity', 'eventtime', 'eventsource', 'eventname', 'awsregion', 'sourceipaddress', 'useragent',
      'errorcode', 'errormessage', 'requestparameters', 'responseelements', 'additionaleventdata', 'requestid', 'eventid',
      'readonly', 'resources', 'eventtype', 'apiversion', 'recipientaccountid', 'serviceeventdetails', 'sharedeventid',
      'vpcendpointid', 'vpcendpointaccountid', 'eventcategory', 'addendum', 'sessioncredentialfromconsole',
      'edgedevicedetails', 'tlsdetails',
    ]);
  });

  test.each(['requestparameters', 'responseelements', 'additionaleventdata', 'serviceeventdetails'])('%s stays JSON text', (name) => {
    expect(CLOUDTRAIL_COLUMNS.find((column) => column.name === name)?.type).toBe('string');
  });

  test('useridentity is the nested struct AWS documents', () => {
    expect(structFieldPaths(CLOUDTRAIL_COLUMNS[1].type)).toEqual([
      'type', 'principalid', 'arn', 'accountid', 'invokedby', 'accesskeyid', 'username',
      'onbehalfof', 'onbehalfof.userid', 'onbehalfof.identitystorearn',
      'sessioncontext', 'sessioncontext.attributes', 'sessioncontext.attributes.mfaauthenticated',
      'sessioncontext.attributes.creationdate', 'sessioncontext.sessionissuer', 'sessioncontext.sessionissuer.type',
      'sessioncontext.sessionissuer.principalid', 'sessioncontext.sessionissuer.arn', 'sessioncontext.sessionissuer.accountid',
      'sessioncontext.sessionissuer.username', 'sessioncontext.ec2roledelivery', 'sessioncontext.webidfederationdata',
      'sessioncontext.webidfederationdata.federatedprovider', 'sessioncontext.webidfederationdata.attributes',
    ]);
  });

  test('resources, tlsdetails and addendum keep their structure', () => {
    const type = (name: string) => CLOUDTRAIL_COLUMNS.find((column) => column.name === name)?.type;
    expect(type('resources')).toBe('array<struct<arn:string,accountid:string,type:string>>');
    expect(structFieldPaths(type('tlsdetails')!)).toEqual(['tlsversion', 'ciphersuite', 'clientprovidedhostheader']);
    expect(structFieldPaths(type('addendum')!)).toEqual(['reason', 'updatedfields', 'originalrequestid', 'originaleventid']);
  });

  test('partition keys follow the S3 path: account, Region, delivery day', () => {
    expect(PARTITION_KEYS.map((key) => [key.name, key.type])).toEqual([['account', 'string'], ['region', 'string'], ['log_date', 'string']]);
  });

  test('queryable paths cover columns, partition keys and struct fields, and nothing else', () => {
    const paths = queryablePaths();
    expect(paths).toEqual(expect.arrayContaining(['eventname', 'log_date', 'useridentity.arn', 'tlsdetails.tlsversion']));
    expect(paths).not.toContain('useridentity.nosuchfield');
    expect(new Set(paths).size).toBe(paths.length);
  });

  test('non-struct types have no fields', () => {
    expect(structFieldPaths('string')).toEqual([]);
    expect(structFieldPaths('array<struct<arn:string>>')).toEqual([]);
  });
});
