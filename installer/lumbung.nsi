; Lumbung branch desktop: Windows installer (NSIS 3, Unicode).
;
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\dist\lumbung installer\lumbung.nsi
;
; VERSION  the app version as pyproject.toml has it (0.1.0, 0.2.0rc1, ...; the CI workflow
;          passes it). Windows' version resource takes four numbers only, so x.y.z.0 is derived
;          from its leading numbers; the full text stays in ProductVersion and the registry.
; PAYLOAD  the PyInstaller onedir output (dist\lumbung from build.spec); default ..\dist\lumbung.
; OUTFILE  where the installer goes; default lumbung-VERSION-setup.exe beside this script.
; NO_COMPRESS  store the files uncompressed (the Linux test: LZMA on 170 MB takes minutes).
;
; makensis runs from this folder: relative paths (also in /D values) start here. Compile-time
; paths use "/", which makensis accepts on Windows and Debian alike.
;
; Installs per machine under Program Files, with Start-menu and desktop shortcuts for every
; user and an uninstaller. The branch data is NOT here: it lives in each Windows user's
; %LOCALAPPDATA%\Lumbung (desktop/store/paths.py), and neither an upgrade nor the uninstaller
; touches it. Silent install: lumbung-x.y.z-setup.exe /S [/D=C:\path]; silent uninstall:
; uninstall.exe /S.

Unicode true
ManifestDPIAware true
RequestExecutionLevel admin

!ifndef VERSION
  !error "VERSION is not defined: makensis /DVERSION=x.y.z ..."
!endif
!ifndef PAYLOAD
  !define PAYLOAD "../dist/lumbung"
!endif
!ifndef OUTFILE
  !define OUTFILE "lumbung-${VERSION}-setup.exe"
!endif
!ifdef NO_COMPRESS
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!define APP "Lumbung"
!define PUBLISHER "Lumbung"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define APP_KEY "Software\${APP}"
!define ICON "../resources/icons/lumbung.ico"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
; An upgrade goes where the previous version is: .onInit reads it from the 64-bit registry
; view. (InstallDirRegKey is not used: it reads before .onInit, in the 32-bit view, and would
; miss a custom folder written by the 64-bit installer.)
BrandingText "${APP} ${VERSION}"

; 0.2.0rc1 -> 0.2.0.0: /math keeps the leading digits of each part ("0rc1" + 0 = 0).
!searchparse /noerrors "${VERSION}" "" V_MAJOR_TEXT "." V_MINOR_TEXT "." V_PATCH_TEXT
!ifndef V_MINOR_TEXT
  !define V_MINOR_TEXT 0
!endif
!ifndef V_PATCH_TEXT
  !define V_PATCH_TEXT 0
!endif
!define /math V_MAJOR "${V_MAJOR_TEXT}" + 0
!define /math V_MINOR "${V_MINOR_TEXT}" + 0
!define /math V_PATCH "${V_PATCH_TEXT}" + 0
!define VERSION_NUMERIC "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"

VIProductVersion "${VERSION_NUMERIC}"
VIFileVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
; No "run Lumbung now" box: started from this elevated installer, the app would run as the
; administrator and create the branch data in the administrator's profile, not the teller's.

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default: the installers and tellers work in Bahasa Indonesia.
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString NeedsWin10 ${LANG_INDONESIAN} "Lumbung memerlukan Windows 10 atau 11 64-bit."
LangString NeedsWin10 ${LANG_ENGLISH} "Lumbung needs 64-bit Windows 10 or 11."
LangString AppRunning ${LANG_INDONESIAN} "Lumbung sedang berjalan. Tutup aplikasinya, lalu pilih Retry."
LangString AppRunning ${LANG_ENGLISH} "Lumbung is running. Close it, then choose Retry."
LangString DataKept ${LANG_INDONESIAN} "Data cabang tidak dihapus; tetap ada di %LOCALAPPDATA%\Lumbung setiap pengguna Windows."
LangString DataKept ${LANG_ENGLISH} "Branch data is not removed; it stays in each Windows user's %LOCALAPPDATA%\Lumbung."
LangString SelfTest ${LANG_INDONESIAN} "Uji PC ini"
LangString SelfTest ${LANG_ENGLISH} "Test this PC"

; A running exe is locked on Windows: opening it for writing fails while Lumbung is open.
!macro EnsureClosed EXE
  ${If} ${FileExists} "$INSTDIR\${EXE}"
    ${Do}
      ClearErrors
      FileOpen $0 "$INSTDIR\${EXE}" a
      ${IfNot} ${Errors}
        FileClose $0
        ${Break}
      ${EndIf}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY +2
      Abort
    ${Loop}
  ${EndIf}
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWin10)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ; Upgrade: the folder the previous version wrote, unless /D= chose one on the command line
  ; (then $INSTDIR is no longer the default).
  ${If} $INSTDIR == "$PROGRAMFILES64\${APP}"
    ReadRegStr $0 HKLM "${APP_KEY}" "InstallDir"
    ${If} $0 != ""
      StrCpy $INSTDIR $0
    ${EndIf}
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Lumbung" SecApp
  SectionIn RO
  !insertmacro EnsureClosed "lumbung.exe"
  !insertmacro EnsureClosed "lumbung-console.exe"
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program folder's bundled libraries wholesale, so nothing of the
  ; previous version lingers. Only the installer's own files: the data is elsewhere.
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  SetShellVarContext all
  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\lumbung.exe" "" "$INSTDIR\lumbung.exe" 0
  ; cmd /k keeps the window open, so the report stays on screen.
  CreateShortcut "$SMPROGRAMS\${APP}\$(SelfTest).lnk" "$SYSDIR\cmd.exe" \
    '/k ""$INSTDIR\lumbung-console.exe" --self-test"' "$INSTDIR\lumbung.exe" 0
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\lumbung.exe" "" "$INSTDIR\lumbung.exe" 0

  WriteRegStr HKLM "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\lumbung.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  !insertmacro EnsureClosed "lumbung.exe"
  !insertmacro EnsureClosed "lumbung-console.exe"
  SetShellVarContext all
  Delete "$DESKTOP\${APP}.lnk"
  RMDir /r "$SMPROGRAMS\${APP}"

  ; Only what the installer put here, by name; the folder itself goes only if it is empty.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\lumbung.exe"
  Delete "$INSTDIR\lumbung-console.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${APP_KEY}"
  DetailPrint "$(DataKept)"
SectionEnd
