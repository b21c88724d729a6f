// A report as a self-contained printable page (no script), for the PDF.
import type { Report } from './reports';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const TITLE = { day: '日报告', week: '周汇总', month: '月报' };
const SCOPE = { county: '全县', town: '乡镇', department: '部门' };

export function reportHtml(r: Report): string {
  const rows = r.rows
    .map(
      (x) =>
        `<tr><td>${SCOPE[x.scope]}</td><td>${esc(x.name)}</td><td>${x.received}</td><td>${pct(x.afterHoursShare)}</td><td>${x.completed}</td><td>${pct(x.onTimeRate)}</td><td>${x.ratings}</td><td>${pct(x.satisfaction)}</td><td>${x.overdue}</td></tr>`,
    )
    .join('');
  const misses = r.searchMisses.length
    ? `<ol>${r.searchMisses.map((m) => `<li>${esc(m.text)}（${m.n} 次）</li>`).join('')}</ol>`
    : '<p>本期终端未上报无结果搜索。</p>';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${TITLE[r.period]}</title>
<style>body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:11pt;margin:16mm}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:3px 6px;text-align:right}
td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}h1{font-size:16pt}</style></head><body>
<h1>德清县企业综合服务中心 ${TITLE[r.period]}（${r.from} 至 ${r.to}）</h1>
<table><thead><tr><th>范围</th><th>名称</th><th>受理量</th><th>非工作时间占比</th><th>办结</th><th>按时办结率</th><th>评价数</th><th>满意率</th><th>超期</th></tr></thead>
<tbody>${rows}</tbody></table><h2>无结果搜索</h2>${misses}
<p>生成于 ${esc(r.generatedAt)}</p></body></html>`;
}
