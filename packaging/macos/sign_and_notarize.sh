#!/usr/bin/env bash
# Sign and notarise the macOS bundle. Identities and passwords come from the environment only:
#   ACCOUNT_DESK_MAC_SIGN_IDENTITY   "Developer ID Application: ..."
#   ACCOUNT_DESK_NOTARY_PROFILE      a notarytool keychain profile (xcrun notarytool store-credentials)
# Without them the bundle is left unsigned and this says so.
set -euo pipefail
app="${1:?usage: sign_and_notarize.sh PATH.app}"
if [ -z "${ACCOUNT_DESK_MAC_SIGN_IDENTITY:-}" ]; then
  echo "No ACCOUNT_DESK_MAC_SIGN_IDENTITY given: the app is NOT signed (fine for local builds)."
  exit 0
fi
codesign --deep --force --options runtime --timestamp \
  --sign "$ACCOUNT_DESK_MAC_SIGN_IDENTITY" "$app"
codesign --verify --deep --strict "$app"
if [ -z "${ACCOUNT_DESK_NOTARY_PROFILE:-}" ]; then
  echo "No ACCOUNT_DESK_NOTARY_PROFILE given: signed but NOT notarised."
  exit 0
fi
zip="$(mktemp -d)/AccountDesk.zip"
ditto -c -k --keepParent "$app" "$zip"
xcrun notarytool submit "$zip" --keychain-profile "$ACCOUNT_DESK_NOTARY_PROFILE" --wait
xcrun stapler staple "$app"
