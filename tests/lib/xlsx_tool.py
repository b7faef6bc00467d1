"""xlsx_tool.py - the API tests' outside view of spreadsheets, with openpyxl
(Debian python3-openpyxl; run with /usr/bin/python3) and zipfile:

  dump FILE              the workbook as JSON: title, header, freeze pane,
                         autofilter, and every cell with its type and format
  write OUT SPEC.json    a workbook written by openpyxl from
                         {"rows": [[cell...]...], "inline": bool}; a cell is
                         a string, a number, null, {"date": "YYYY-MM-DD"} or
                         {"formula": "=1+1"}; openpyxl 3.0 writes inline
                         strings (<is><t>), kept with inline, else moved
                         into shared strings as Excel writes them
  csv OUT ENCODING TEXT  TEXT encoded as ENCODING (gb18030, utf-8-sig, ...)
  bomb OUT               a zip bomb: a worksheet of 100 MB of blanks
  entities OUT           a worksheet with a billion-laughs DOCTYPE
"""
import datetime
import io
import json
import re
import sys
import zipfile

import openpyxl


def dump(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = []
    for row in ws.iter_rows():
        out = []
        for c in row:
            v = c.value
            if v is None:
                t = 'none'
            elif isinstance(v, datetime.datetime):
                t, v = 'date', v.date().isoformat()
            elif isinstance(v, (int, float)):
                t = 'number'
            else:
                t, v = 'text', str(v)
            out.append({'v': v, 't': t, 'fmt': c.number_format})
        rows.append(out)
    print(json.dumps({
        'sheet': ws.title,
        'freeze': ws.freeze_panes,
        'autofilter': ws.auto_filter.ref,
        'rows': rows,
    }, ensure_ascii=False))


def shared_strings(data):
    """openpyxl 3.0 writes inline strings; Excel and LibreOffice write shared
    ones. Moves every inline string into xl/sharedStrings.xml."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    sst = []

    def repl(m):
        sst.append(m.group(2))
        return '<c r="%s" t="s"><v>%d</v></c>' % (m.group(1), len(sst) - 1)
    out = io.BytesIO()
    zout = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)
    for item in zin.infolist():
        body = zin.read(item.filename)
        if item.filename.startswith('xl/worksheets/'):
            body = re.sub(r'<c r="([A-Z]+[0-9]+)"[^>]*t="inlineStr"[^>]*><is><t[^>]*>(.*?)</t></is></c>', repl, body.decode()).encode()
        elif item.filename == 'xl/_rels/workbook.xml.rels':
            body = body.replace(b'</Relationships>', b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        elif item.filename == '[Content_Types].xml':
            body = body.replace(b'</Types>', b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        zout.writestr(item, body)
    zout.writestr('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (
        len(sst), len(sst), ''.join('<si><t>%s</t></si>' % t for t in sst)))
    zout.close()
    return out.getvalue()


def write(out, spec_path):
    spec = json.load(open(spec_path, encoding='utf-8'))
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in spec['rows']:
        vals = []
        for v in row:
            if isinstance(v, dict) and 'date' in v:
                vals.append(datetime.datetime.fromisoformat(v['date']))
            elif isinstance(v, dict) and 'formula' in v:
                vals.append(v['formula'])
            else:
                vals.append(v)
        ws.append(vals)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if not spec.get('inline'):
        data = shared_strings(data)
    open(out, 'wb').write(data)


def skeleton(sheet_xml):
    """A minimal workbook around one worksheet's XML."""
    buf = io.BytesIO()
    z = zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED)
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>')
    z.writestr('xl/worksheets/sheet1.xml', sheet_xml)
    z.close()
    return buf.getvalue()


def bomb(out):
    head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    data = head + ' ' * (100 << 20) + '</sheetData></worksheet>'
    open(out, 'wb').write(skeleton(data))


def entities(out):
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(
        '<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10) for i in range(1, 10)) + ']>'
    data = ('<?xml version="1.0"?>' + lol + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    open(out, 'wb').write(skeleton(data))


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'dump':
        dump(sys.argv[2])
    elif cmd == 'write':
        write(sys.argv[2], sys.argv[3])
    elif cmd == 'csv':
        open(sys.argv[2], 'wb').write(sys.argv[4].encode(sys.argv[3]))
    elif cmd == 'bomb':
        bomb(sys.argv[2])
    elif cmd == 'entities':
        entities(sys.argv[2])
    else:
        sys.exit('unknown command ' + cmd)
