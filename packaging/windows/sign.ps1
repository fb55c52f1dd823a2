# Sign account-desk.exe with signtool. The certificate comes from the environment only:
#   ACCOUNT_DESK_WIN_CERT_FILE      path to a .pfx file
#   ACCOUNT_DESK_WIN_CERT_PASSWORD  its password
# Without them the executable is left unsigned and this says so.
param([Parameter(Mandatory = $true)][string]$Target)
if (-not $env:ACCOUNT_DESK_WIN_CERT_FILE) {
    Write-Host "No ACCOUNT_DESK_WIN_CERT_FILE given: $Target is NOT signed (fine for local builds)."
    exit 0
}
signtool sign /f $env:ACCOUNT_DESK_WIN_CERT_FILE /p $env:ACCOUNT_DESK_WIN_CERT_PASSWORD `
    /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 $Target
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
