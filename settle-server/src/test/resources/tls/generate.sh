#!/bin/sh
# Regenerates the test certificates and keys of this directory (see README.md). Run it here:
#   sh generate.sh
# keytool (JDK 21+) sets the start date (-startdate), which openssl 3.0's req -x509 cannot;
# openssl turns the PKCS#12 keys into the PEM forms the server reads.
set -e
K=${JAVA_HOME:+$JAVA_HOME/bin/}keytool
W=$(mktemp -d)
P=changeit
SAN="SAN=dns:localhost,ip:127.0.0.1,ip:::1"

gen() { # name, then keytool -genkeypair options
  name=$1
  shift
  "$K" -genkeypair -alias "$name" -keystore "$W/$name.p12" -storetype PKCS12 -storepass $P "$@" >/dev/null 2>&1
  "$K" -exportcert -rfc -alias "$name" -keystore "$W/$name.p12" -storepass $P > "$name-cert.pem"
  openssl pkcs12 -in "$W/$name.p12" -nocerts -nodes -passin pass:$P | openssl pkey -out "$name-key.pem"
}
gen ec -keyalg EC -groupname secp256r1 -dname "CN=localhost, O=Settle tests" -ext $SAN \
  -startdate 2020/01/01 -validity 36500
gen rsa -keyalg RSA -keysize 2048 -dname "CN=localhost, O=Settle tests" -ext $SAN \
  -startdate 2020/01/01 -validity 36500
gen other -keyalg EC -groupname secp256r1 -dname "CN=other, O=Settle tests" \
  -startdate 2020/01/01 -validity 36500
gen expired -keyalg EC -groupname secp256r1 -dname "CN=localhost, O=Settle tests" -ext $SAN \
  -startdate 2020/01/01 -validity 30
rm other-cert.pem
openssl pkey -in rsa-key.pem -traditional -out rsa-key-pkcs1.pem
openssl pkey -in ec-key.pem -traditional -out ec-key-sec1.pem
openssl pkey -in ec-key.pem -aes256 -passout pass:$P -out ec-key-encrypted.pem

# A chain: a CA, and a server certificate it issued.
"$K" -genkeypair -alias ca -keystore "$W/ca.p12" -storetype PKCS12 -storepass $P -keyalg EC -groupname secp256r1 \
  -dname "CN=Settle test CA" -ext bc:c -startdate 2020/01/01 -validity 36500 >/dev/null 2>&1
"$K" -genkeypair -alias leaf -keystore "$W/leaf.p12" -storetype PKCS12 -storepass $P -keyalg EC \
  -groupname secp256r1 -dname "CN=localhost, O=Settle tests" -startdate 2020/01/01 -validity 36500 >/dev/null 2>&1
"$K" -certreq -alias leaf -keystore "$W/leaf.p12" -storepass $P -file "$W/leaf.csr"
"$K" -gencert -alias ca -keystore "$W/ca.p12" -storepass $P -infile "$W/leaf.csr" -rfc -outfile "$W/leaf.pem" \
  -startdate 2020/01/01 -validity 36500 -ext "$SAN"
"$K" -exportcert -rfc -alias ca -keystore "$W/ca.p12" -storepass $P > ca-cert.pem
cat "$W/leaf.pem" ca-cert.pem > chain-cert.pem
cat ca-cert.pem "$W/leaf.pem" > chain-reversed-cert.pem
openssl pkcs12 -in "$W/leaf.p12" -nocerts -nodes -passin pass:$P | openssl pkey -out chain-key.pem
rm -rf "$W"
