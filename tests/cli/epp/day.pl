#!/usr/bin/perl
# A registrar's whole day through Net::EPP (Debian's libnet-epp-perl),
# against `ptreg epp serve` on loopback. Prints one "ok NAME VALUE" line per
# step; dies (exit != 0) on the first step that does not behave.
#
# Usage: day.pl PORT ROLE
#   ROLE "r1":    the day of registrar r1 (transfer code in $ENV{CODE})
#   ROLE "r2":    r2 reads and acknowledges its poll queue
use strict;
use warnings;
use Net::EPP::Simple;
use Net::EPP::Frame::Command::Poll::Req;
use Net::EPP::Frame::Command::Poll::Ack;
use Net::EPP::Frame::Command::Create::Domain;

$| = 1;
my ($port, $role) = @ARGV;
my $pw = $ENV{EPP_PW} or die "EPP_PW\n";

my $epp = Net::EPP::Simple->new(
    host    => '127.0.0.1',
    port    => $port,
    user    => $role,
    pass    => $pw,
    stdobj  => 1,
    stdext  => 1,
    timeout => 30,
) or die "login failed: $Net::EPP::Simple::Error\n";
print "ok login ", $Net::EPP::Simple::Code, "\n";

sub step {
    my ($name, $ok) = @_;
    die "$name failed: code $Net::EPP::Simple::Code: $Net::EPP::Simple::Error\n" unless $ok;
    print "ok $name ", $Net::EPP::Simple::Code, "\n";
}

sub poll_req {
    my $req = Net::EPP::Frame::Command::Poll::Req->new;
    my $r = $epp->request($req) or die "poll req: no response\n";
    my $code = $r->code;
    my ($q) = $r->getElementsByLocalName('msgQ');
    return ($code, $q ? $q->getAttribute('count') : 0, $q ? $q->getAttribute('id') : undef,
            $q ? $q->textContent : '');
}

if ($role eq 'r2') {
    my ($code, $count, $id, $text) = poll_req();
    die "poll: expected 1301, got $code\n" unless $code == 1301;
    print "ok poll $code $count $id\n";
    print "msg $text\n";
    my $ack = Net::EPP::Frame::Command::Poll::Ack->new;
    $ack->setMsgID($id);
    my $r = $epp->request($ack) or die "ack: no response\n";
    die "ack: expected 1000, got ", $r->code, "\n" unless $r->code == 1000;
    print "ok ack ", $r->code, "\n";
    ($code, $count) = poll_req();
    print "ok poll-after-ack $code $count\n";
    $epp->logout;
    exit 0;
}

# 1. Is the name free?
my $free = $epp->check_domain('exemplo.pt');
die "check_domain: $Net::EPP::Simple::Error\n" unless defined $free;
die "exemplo.pt should be free\n" unless $free == 1;
print "ok check_domain $free\n";
my $taken = $epp->check_domain('lisboa.pt');
print "ok check_geographic ", ($taken // 'undef'), "\n";

# 2. Contacts and hosts.
step('create_contact', $epp->create_contact({
    id         => 'ana-epp',
    postalInfo => { loc => { name => 'Ana Silva', addr => {
        street => ['Rua Augusta 1'], city => 'Lisboa', pc => '1100-048', cc => 'PT' } } },
    voice      => '+351.912345678',
    email      => 'ana@example.pt',
    authInfo   => 'contact-pw',
}));
step('create_host_external_1', $epp->create_host({ name => 'ns1.example.net', addrs => [] }));
step('create_host_external_2', $epp->create_host({ name => 'ns2.example.net', addrs => [] }));

# 3. Register with DS (secDNS-1.1 added to Net::EPP's own create frame).
my $frame = $epp->_prepare_create_domain_frame({
    name       => 'exemplo.pt',
    period     => 1,
    registrant => 'ana-epp',
    contacts   => { tech => 'ana-epp' },
    ns         => ['ns1.example.net', 'ns2.example.net'],
    authInfo   => 'first-code-1',
});
my $sec = 'urn:ietf:params:xml:ns:secDNS-1.1';
my $ext = $frame->createElement('extension');
my $create = $frame->createElementNS($sec, 'secDNS:create');
my $ds = $frame->createElementNS($sec, 'secDNS:dsData');
for my $f (['keyTag', '12345'], ['alg', '13'], ['digestType', '2'],
           ['digest', '0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF']) {
    my $el = $frame->createElementNS($sec, "secDNS:$f->[0]");
    $el->appendText($f->[1]);
    $ds->appendChild($el);
}
$create->appendChild($ds);
$ext->appendChild($create);
my ($cmd) = $frame->getElementsByLocalName('command');
my ($cltrid) = $frame->getElementsByLocalName('clTRID');
$cmd->insertBefore($ext, $cltrid);
my $r = $epp->request($frame) or die "create_domain: no response\n";
die "create_domain: ", $r->code, " ", $r->msg, "\n" unless $r->code == 1000;
print "ok create_domain ", $r->code, "\n";

my $info = $epp->domain_info('exemplo.pt') or die "domain_info: $Net::EPP::Simple::Error\n";
print "ok domain_info ", substr($info->{exDate}, 0, 10), " ", join(',', @{$info->{ns}}), "\n";

# 4. Renew (curExpDate is the UTC date of the stored expiry).
my ($exdate) = $info->{exDate} =~ /^(\d{4}-\d\d-\d\d)/;
step('renew_domain', $epp->renew_domain({ name => 'exemplo.pt', cur_exp_date => $exdate, period => 3 }));
$info = $epp->domain_info('exemplo.pt');
print "ok renewed_until ", substr($info->{exDate}, 0, 10), "\n";

# 5. A host inside the name (its glue), then the nameservers change.
step('create_host_glue', $epp->create_host({ name => 'ns1.exemplo.pt',
    addrs => [{ ip => '192.0.2.1', version => 'v4' }, { ip => '2001:db8::1', version => 'v6' }] }));
step('update_domain', $epp->update_domain({ name => 'exemplo.pt',
    add => { ns => ['ns1.exemplo.pt'] }, rem => { ns => ['ns2.example.net'] } }));
$info = $epp->domain_info('exemplo.pt');
print "ok nameservers ", join(',', sort @{$info->{ns}}), "\n";

# 6. Transfer a name in with the code the registry issued.
my $trn = $epp->domain_transfer_request('outro.pt', $ENV{CODE});
die "domain_transfer_request: $Net::EPP::Simple::Code $Net::EPP::Simple::Error\n" unless $trn;
print "ok transfer $trn->{trStatus} $trn->{acID}\n";
my $bad = $epp->domain_transfer_request('outro.pt', 'WRONG-CODE');
print "ok transfer_again ", $Net::EPP::Simple::Code, "\n";

# 7. Delete: the 8-day opposition of Art. 21.2 starts (1001).
my $deleted = $epp->delete_domain('exemplo.pt');
die "delete_domain: $Net::EPP::Simple::Error\n" unless $deleted;
print "ok delete_domain ", $Net::EPP::Simple::Code, "\n";
$info = $epp->domain_info('exemplo.pt');
print "ok status ", join(',', @{$info->{status}}), "\n";

# 8. Another registrar's object.
my $theirs = $epp->domain_info('alheio.pt');
print "ok foreign_info ", $Net::EPP::Simple::Code, "\n";

# 9. Poll: nothing for r1 yet.
my ($code, $count) = poll_req();
print "ok poll_r1 $code $count\n";

$epp->logout;
print "ok logout\n";
