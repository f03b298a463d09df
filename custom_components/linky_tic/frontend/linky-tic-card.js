var V=globalThis,W=V.ShadowRoot&&(V.ShadyCSS===void 0||V.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,ee=Symbol(),_e=new WeakMap,j=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==ee)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(W&&e===void 0){let r=t!==void 0&&t.length===1;r&&(e=_e.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),r&&_e.set(t,e))}return e}toString(){return this.cssText}},ge=s=>new j(typeof s=="string"?s:s+"",void 0,ee),te=(s,...e)=>{let t=s.length===1?s[0]:e.reduce((r,n,i)=>r+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(n)+s[i+1],s[0]);return new j(t,s,ee)},ye=(s,e)=>{if(W)s.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let r=document.createElement("style"),n=V.litNonce;n!==void 0&&r.setAttribute("nonce",n),r.textContent=t.cssText,s.appendChild(r)}},re=W?s=>s:s=>s instanceof CSSStyleSheet?(e=>{let t="";for(let r of e.cssRules)t+=r.cssText;return ge(t)})(s):s;var{is:Fe,defineProperty:Ke,getOwnPropertyDescriptor:Qe,getOwnPropertyNames:Ge,getOwnPropertySymbols:Ye,getPrototypeOf:Ze}=Object,J=globalThis,ve=J.trustedTypes,Xe=ve?ve.emptyScript:"",et=J.reactiveElementPolyfillSupport,L=(s,e)=>s,ne={toAttribute(s,e){switch(e){case Boolean:s=s?Xe:null;break;case Object:case Array:s=s==null?s:JSON.stringify(s)}return s},fromAttribute(s,e){let t=s;switch(e){case Boolean:t=s!==null;break;case Number:t=s===null?null:Number(s);break;case Object:case Array:try{t=JSON.parse(s)}catch{t=null}}return t}},ke=(s,e)=>!Fe(s,e),be={attribute:!0,type:String,converter:ne,reflect:!1,useDefault:!1,hasChanged:ke};Symbol.metadata??=Symbol("metadata"),J.litPropertyMetadata??=new WeakMap;var v=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=be){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let r=Symbol(),n=this.getPropertyDescriptor(e,r,t);n!==void 0&&Ke(this.prototype,e,n)}}static getPropertyDescriptor(e,t,r){let{get:n,set:i}=Qe(this.prototype,e)??{get(){return this[t]},set(o){this[t]=o}};return{get:n,set(o){let p=n?.call(this);i?.call(this,o),this.requestUpdate(e,p,r)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??be}static _$Ei(){if(this.hasOwnProperty(L("elementProperties")))return;let e=Ze(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(L("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(L("properties"))){let t=this.properties,r=[...Ge(t),...Ye(t)];for(let n of r)this.createProperty(n,t[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[r,n]of t)this.elementProperties.set(r,n)}this._$Eh=new Map;for(let[t,r]of this.elementProperties){let n=this._$Eu(t,r);n!==void 0&&this._$Eh.set(n,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let r=new Set(e.flat(1/0).reverse());for(let n of r)t.unshift(re(n))}else e!==void 0&&t.push(re(e));return t}static _$Eu(e,t){let r=t.attribute;return r===!1?void 0:typeof r=="string"?r:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let r of t.keys())this.hasOwnProperty(r)&&(e.set(r,this[r]),delete this[r]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return ye(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,r){this._$AK(e,r)}_$ET(e,t){let r=this.constructor.elementProperties.get(e),n=this.constructor._$Eu(e,r);if(n!==void 0&&r.reflect===!0){let i=(r.converter?.toAttribute!==void 0?r.converter:ne).toAttribute(t,r.type);this._$Em=e,i==null?this.removeAttribute(n):this.setAttribute(n,i),this._$Em=null}}_$AK(e,t){let r=this.constructor,n=r._$Eh.get(e);if(n!==void 0&&this._$Em!==n){let i=r.getPropertyOptions(n),o=typeof i.converter=="function"?{fromAttribute:i.converter}:i.converter?.fromAttribute!==void 0?i.converter:ne;this._$Em=n;let p=o.fromAttribute(t,i.type);this[n]=p??this._$Ej?.get(n)??p,this._$Em=null}}requestUpdate(e,t,r,n=!1,i){if(e!==void 0){let o=this.constructor;if(n===!1&&(i=this[e]),r??=o.getPropertyOptions(e),!((r.hasChanged??ke)(i,t)||r.useDefault&&r.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(o._$Eu(e,r))))return;this.C(e,t,r)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:r,reflect:n,wrapped:i},o){r&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,o??t??this[e]),i!==!0||o!==void 0)||(this._$AL.has(e)||(this.hasUpdated||r||(t=void 0),this._$AL.set(e,t)),n===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[n,i]of this._$Ep)this[n]=i;this._$Ep=void 0}let r=this.constructor.elementProperties;if(r.size>0)for(let[n,i]of r){let{wrapped:o}=i,p=this[n];o!==!0||this._$AL.has(n)||p===void 0||this.C(n,void 0,i,p)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(r=>r.hostUpdate?.()),this.update(t)):this._$EM()}catch(r){throw e=!1,this._$EM(),r}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};v.elementStyles=[],v.shadowRootOptions={mode:"open"},v[L("elementProperties")]=new Map,v[L("finalized")]=new Map,et?.({ReactiveElement:v}),(J.reactiveElementVersions??=[]).push("2.1.2");var le=globalThis,we=s=>s,z=le.trustedTypes,$e=z?z.createPolicy("lit-html",{createHTML:s=>s}):void 0,Te="$lit$",k=`lit$${Math.random().toFixed(9).slice(2)}$`,Se="?"+k,tt=`<${Se}>`,x=document,H=()=>x.createComment(""),I=s=>s===null||typeof s!="object"&&typeof s!="function",de=Array.isArray,rt=s=>de(s)||typeof s?.[Symbol.iterator]=="function",se=`[ 	
\f\r]`,O=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,xe=/-->/g,Ae=/>/g,w=RegExp(`>|${se}(?:([^\\s"'>=/]+)(${se}*=${se}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Ce=/'/g,Pe=/"/g,Re=/^(?:script|style|textarea|title)$/i,ue=s=>(e,...t)=>({_$litType$:s,strings:e,values:t}),d=ue(1),je=ue(2),Pt=ue(3),A=Symbol.for("lit-noChange"),c=Symbol.for("lit-nothing"),Ee=new WeakMap,$=x.createTreeWalker(x,129);function Le(s,e){if(!de(s)||!s.hasOwnProperty("raw"))throw Error("invalid template strings array");return $e!==void 0?$e.createHTML(e):e}var nt=(s,e)=>{let t=s.length-1,r=[],n,i=e===2?"<svg>":e===3?"<math>":"",o=O;for(let p=0;p<t;p++){let a=s[p],u,m,l=-1,g=0;for(;g<a.length&&(o.lastIndex=g,m=o.exec(a),m!==null);)g=o.lastIndex,o===O?m[1]==="!--"?o=xe:m[1]!==void 0?o=Ae:m[2]!==void 0?(Re.test(m[2])&&(n=RegExp("</"+m[2],"g")),o=w):m[3]!==void 0&&(o=w):o===w?m[0]===">"?(o=n??O,l=-1):m[1]===void 0?l=-2:(l=o.lastIndex-m[2].length,u=m[1],o=m[3]===void 0?w:m[3]==='"'?Pe:Ce):o===Pe||o===Ce?o=w:o===xe||o===Ae?o=O:(o=w,n=void 0);let h=o===w&&s[p+1].startsWith("/>")?" ":"";i+=o===O?a+tt:l>=0?(r.push(u),a.slice(0,l)+Te+a.slice(l)+k+h):a+k+(l===-2?p:h)}return[Le(s,i+(s[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),r]},M=class s{constructor({strings:e,_$litType$:t},r){let n;this.parts=[];let i=0,o=0,p=e.length-1,a=this.parts,[u,m]=nt(e,t);if(this.el=s.createElement(u,r),$.currentNode=this.el.content,t===2||t===3){let l=this.el.content.firstChild;l.replaceWith(...l.childNodes)}for(;(n=$.nextNode())!==null&&a.length<p;){if(n.nodeType===1){if(n.hasAttributes())for(let l of n.getAttributeNames())if(l.endsWith(Te)){let g=m[o++],h=n.getAttribute(l).split(k),C=/([.?@])?(.*)/.exec(g);a.push({type:1,index:i,name:C[2],strings:h,ctor:C[1]==="."?oe:C[1]==="?"?ae:C[1]==="@"?pe:E}),n.removeAttribute(l)}else l.startsWith(k)&&(a.push({type:6,index:i}),n.removeAttribute(l));if(Re.test(n.tagName)){let l=n.textContent.split(k),g=l.length-1;if(g>0){n.textContent=z?z.emptyScript:"";for(let h=0;h<g;h++)n.append(l[h],H()),$.nextNode(),a.push({type:2,index:++i});n.append(l[g],H())}}}else if(n.nodeType===8)if(n.data===Se)a.push({type:2,index:i});else{let l=-1;for(;(l=n.data.indexOf(k,l+1))!==-1;)a.push({type:7,index:i}),l+=k.length-1}i++}}static createElement(e,t){let r=x.createElement("template");return r.innerHTML=e,r}};function P(s,e,t=s,r){if(e===A)return e;let n=r!==void 0?t._$Co?.[r]:t._$Cl,i=I(e)?void 0:e._$litDirective$;return n?.constructor!==i&&(n?._$AO?.(!1),i===void 0?n=void 0:(n=new i(s),n._$AT(s,t,r)),r!==void 0?(t._$Co??=[])[r]=n:t._$Cl=n),n!==void 0&&(e=P(s,n._$AS(s,e.values),n,r)),e}var ie=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:r}=this._$AD,n=(e?.creationScope??x).importNode(t,!0);$.currentNode=n;let i=$.nextNode(),o=0,p=0,a=r[0];for(;a!==void 0;){if(o===a.index){let u;a.type===2?u=new U(i,i.nextSibling,this,e):a.type===1?u=new a.ctor(i,a.name,a.strings,this,e):a.type===6&&(u=new ce(i,this,e)),this._$AV.push(u),a=r[++p]}o!==a?.index&&(i=$.nextNode(),o++)}return $.currentNode=x,n}p(e){let t=0;for(let r of this._$AV)r!==void 0&&(r.strings!==void 0?(r._$AI(e,r,t),t+=r.strings.length-2):r._$AI(e[t])),t++}},U=class s{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,r,n){this.type=2,this._$AH=c,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=r,this.options=n,this._$Cv=n?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=P(this,e,t),I(e)?e===c||e==null||e===""?(this._$AH!==c&&this._$AR(),this._$AH=c):e!==this._$AH&&e!==A&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):rt(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==c&&I(this._$AH)?this._$AA.nextSibling.data=e:this.T(x.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:r}=e,n=typeof r=="number"?this._$AC(e):(r.el===void 0&&(r.el=M.createElement(Le(r.h,r.h[0]),this.options)),r);if(this._$AH?._$AD===n)this._$AH.p(t);else{let i=new ie(n,this),o=i.u(this.options);i.p(t),this.T(o),this._$AH=i}}_$AC(e){let t=Ee.get(e.strings);return t===void 0&&Ee.set(e.strings,t=new M(e)),t}k(e){de(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,r,n=0;for(let i of e)n===t.length?t.push(r=new s(this.O(H()),this.O(H()),this,this.options)):r=t[n],r._$AI(i),n++;n<t.length&&(this._$AR(r&&r._$AB.nextSibling,n),t.length=n)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let r=we(e).nextSibling;we(e).remove(),e=r}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},E=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,r,n,i){this.type=1,this._$AH=c,this._$AN=void 0,this.element=e,this.name=t,this._$AM=n,this.options=i,r.length>2||r[0]!==""||r[1]!==""?(this._$AH=Array(r.length-1).fill(new String),this.strings=r):this._$AH=c}_$AI(e,t=this,r,n){let i=this.strings,o=!1;if(i===void 0)e=P(this,e,t,0),o=!I(e)||e!==this._$AH&&e!==A,o&&(this._$AH=e);else{let p=e,a,u;for(e=i[0],a=0;a<i.length-1;a++)u=P(this,p[r+a],t,a),u===A&&(u=this._$AH[a]),o||=!I(u)||u!==this._$AH[a],u===c?e=c:e!==c&&(e+=(u??"")+i[a+1]),this._$AH[a]=u}o&&!n&&this.j(e)}j(e){e===c?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},oe=class extends E{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===c?void 0:e}},ae=class extends E{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==c)}},pe=class extends E{constructor(e,t,r,n,i){super(e,t,r,n,i),this.type=5}_$AI(e,t=this){if((e=P(this,e,t,0)??c)===A)return;let r=this._$AH,n=e===c&&r!==c||e.capture!==r.capture||e.once!==r.once||e.passive!==r.passive,i=e!==c&&(r===c||n);n&&this.element.removeEventListener(this.name,this,r),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},ce=class{constructor(e,t,r){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=r}get _$AU(){return this._$AM._$AU}_$AI(e){P(this,e)}};var st=le.litHtmlPolyfillSupport;st?.(M,U),(le.litHtmlVersions??=[]).push("3.3.3");var Oe=(s,e,t)=>{let r=t?.renderBefore??e,n=r._$litPart$;if(n===void 0){let i=t?.renderBefore??null;r._$litPart$=n=new U(e.insertBefore(H(),i),i,void 0,t??{})}return n._$AI(s),n};var he=globalThis,y=class extends v{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Oe(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return A}};y._$litElement$=!0,y.finalized=!0,he.litElementHydrateSupport?.({LitElement:y});var it=he.litElementPolyfillSupport;it?.({LitElement:y});(he.litElementVersions??=[]).push("4.2.2");var q="linky_tic",F=["base","off_peak","peak","ejp_normal","ejp_peak","blue_off_peak","blue_peak","white_off_peak","white_peak","red_off_peak","red_peak"],ot={apparentPower:"sensor.apparent_power",activePower:"sensor.active_power",referencePower:"sensor.reference_power",cutoffPower:"sensor.cutoff_power",subscribedCurrent:"sensor.subscribed_current",tariffPeriod:"sensor.tariff_period",tariffOption:"sensor.tariff_option",tempoToday:"sensor.tempo_today",tempoTomorrow:"sensor.tempo_tomorrow",currentPrice:"sensor.current_price",costToday:"sensor.cost_today",validFrames:"sensor.valid_frames",offPeak:"binary_sensor.off_peak",overload:"binary_sensor.overload",ejpNotice:"binary_sensor.mobile_peak_notice",ejpActive:"binary_sensor.mobile_peak_active"},at=new Map(Object.entries(ot).map(([s,e])=>[e,s]));function pt(s){return s.slice(0,s.indexOf("."))}function He(s,e){let t={roles:{},energy:{},phases:1};if(!e)return t;let r=0;for(let n of Object.values(s)){if(!n||n.device_id!==e||n.platform!==q)continue;let i=n.translation_key;if(!i)continue;let o=pt(n.entity_id),p=at.get(`${o}.${i}`);if(p&&!t.roles[p]){t.roles[p]=n.entity_id;continue}if(o!=="sensor")continue;let a=i.startsWith("energy_")?i.slice(7):"";F.includes(a)?t.energy[a]=n.entity_id:i==="current_phase"&&(r+=1)}return r>1&&(t.phases=3),t}function Ie(s){let e=new Set;for(let t of Object.values(s.entities))t?.platform===q&&t.device_id&&e.add(t.device_id);return[...e].sort()}var Me={sensor:{apparent_power:{name:"Apparent power"},apparent_power_phase:{name:"Apparent power phase {phase}"},injected_apparent_power:{name:"Injected apparent power"},active_power:{name:"Active power"},current:{name:"Current"},current_phase:{name:"Current phase {phase}"},voltage:{name:"Voltage"},voltage_phase:{name:"Voltage phase {phase}"},average_voltage:{name:"Average voltage"},average_voltage_phase:{name:"Average voltage phase {phase}"},subscribed_current:{name:"Subscribed current"},reference_power:{name:"Reference power"},cutoff_power:{name:"Cut-off power"},max_power_today:{name:"Max power today"},max_power_yesterday:{name:"Max power yesterday"},max_injected_power_today:{name:"Max injected power today"},max_injected_power_yesterday:{name:"Max injected power yesterday"},max_active_power_today:{name:"Max active power today"},energy_base:{name:"Base energy"},energy_off_peak:{name:"Off-peak energy"},energy_peak:{name:"Peak energy"},energy_ejp_normal:{name:"EJP normal energy"},energy_ejp_peak:{name:"EJP peak energy"},energy_blue_off_peak:{name:"Blue day off-peak energy"},energy_blue_peak:{name:"Blue day peak energy"},energy_white_off_peak:{name:"White day off-peak energy"},energy_white_peak:{name:"White day peak energy"},energy_red_off_peak:{name:"Red day off-peak energy"},energy_red_peak:{name:"Red day peak energy"},energy_supplier:{name:"Supplier index {index} energy"},energy_total:{name:"Total consumed energy"},energy_injected:{name:"Total injected energy"},reactive_energy_q1:{name:"Reactive energy Q1"},reactive_energy_q2:{name:"Reactive energy Q2"},reactive_energy_q3:{name:"Reactive energy Q3"},reactive_energy_q4:{name:"Reactive energy Q4"},tariff_period:{name:"Tariff period",state:{base:"Base",off_peak:"Off-peak",peak:"Peak",ejp_normal:"EJP normal",ejp_peak:"EJP peak (mobile peak)",blue_off_peak:"Blue day off-peak",blue_peak:"Blue day peak",white_off_peak:"White day off-peak",white_peak:"White day peak",red_off_peak:"Red day off-peak",red_peak:"Red day peak",other:"Other"}},tariff_option:{name:"Tariff option",state:{base:"Base",off_peak:"Off-peak/peak hours",ejp:"EJP",tempo:"Tempo",producer:"Producer",other:"Other"}},tempo_today:{name:"Tempo colour today",state:{blue:"Blue",white:"White",red:"Red"}},tempo_tomorrow:{name:"Tempo colour tomorrow",state:{blue:"Blue",white:"White",red:"Red"}},supplier_calendar:{name:"Supplier calendar"},supplier_period:{name:"Supplier tariff period"},tic_mode:{name:"TIC mode",state:{historic:"Historic",standard:"Standard"}},valid_frames:{name:"Valid frames"},checksum_errors:{name:"Checksum errors"},current_price:{name:"Current price"},cost_today:{name:"Cost today"},cost_total:{name:"Cost total"}},binary_sensor:{overload:{name:"Overload"},breaker_open:{name:"Breaker open"},off_peak:{name:"Off-peak hours"},tempo_red_tomorrow:{name:"Tempo red day tomorrow"},cover_open:{name:"Terminal cover open"},overvoltage:{name:"Overvoltage"},mobile_peak_notice:{name:"Mobile peak notice"},mobile_peak_active:{name:"Mobile peak"}}};var Ue={sensor:{apparent_power:{name:"Puissance apparente"},apparent_power_phase:{name:"Puissance apparente phase {phase}"},injected_apparent_power:{name:"Puissance apparente injectée"},active_power:{name:"Puissance active"},current:{name:"Intensité"},current_phase:{name:"Intensité phase {phase}"},voltage:{name:"Tension"},voltage_phase:{name:"Tension phase {phase}"},average_voltage:{name:"Tension moyenne"},average_voltage_phase:{name:"Tension moyenne phase {phase}"},subscribed_current:{name:"Intensité souscrite"},reference_power:{name:"Puissance de référence"},cutoff_power:{name:"Puissance de coupure"},max_power_today:{name:"Puissance max aujourd'hui"},max_power_yesterday:{name:"Puissance max hier"},max_injected_power_today:{name:"Puissance injectée max aujourd'hui"},max_injected_power_yesterday:{name:"Puissance injectée max hier"},max_active_power_today:{name:"Puissance active max aujourd'hui"},energy_base:{name:"Énergie base"},energy_off_peak:{name:"Énergie heures creuses"},energy_peak:{name:"Énergie heures pleines"},energy_ejp_normal:{name:"Énergie EJP heures normales"},energy_ejp_peak:{name:"Énergie EJP pointe mobile"},energy_blue_off_peak:{name:"Énergie jour bleu heures creuses"},energy_blue_peak:{name:"Énergie jour bleu heures pleines"},energy_white_off_peak:{name:"Énergie jour blanc heures creuses"},energy_white_peak:{name:"Énergie jour blanc heures pleines"},energy_red_off_peak:{name:"Énergie jour rouge heures creuses"},energy_red_peak:{name:"Énergie jour rouge heures pleines"},energy_supplier:{name:"Énergie index fournisseur {index}"},energy_total:{name:"Énergie totale consommée"},energy_injected:{name:"Énergie totale injectée"},reactive_energy_q1:{name:"Énergie réactive Q1"},reactive_energy_q2:{name:"Énergie réactive Q2"},reactive_energy_q3:{name:"Énergie réactive Q3"},reactive_energy_q4:{name:"Énergie réactive Q4"},tariff_period:{name:"Période tarifaire",state:{base:"Base",off_peak:"Heures creuses",peak:"Heures pleines",ejp_normal:"EJP heures normales",ejp_peak:"EJP pointe mobile",blue_off_peak:"Jour bleu heures creuses",blue_peak:"Jour bleu heures pleines",white_off_peak:"Jour blanc heures creuses",white_peak:"Jour blanc heures pleines",red_off_peak:"Jour rouge heures creuses",red_peak:"Jour rouge heures pleines",other:"Autre"}},tariff_option:{name:"Option tarifaire",state:{base:"Base",off_peak:"Heures creuses / heures pleines",ejp:"EJP",tempo:"Tempo",producer:"Producteur",other:"Autre"}},tempo_today:{name:"Couleur Tempo du jour",state:{blue:"Bleu",white:"Blanc",red:"Rouge"}},tempo_tomorrow:{name:"Couleur Tempo de demain",state:{blue:"Bleu",white:"Blanc",red:"Rouge"}},supplier_calendar:{name:"Calendrier fournisseur"},supplier_period:{name:"Période tarifaire fournisseur"},tic_mode:{name:"Mode TIC",state:{historic:"Historique",standard:"Standard"}},valid_frames:{name:"Trames valides"},checksum_errors:{name:"Erreurs de somme de contrôle"},current_price:{name:"Prix actuel"},cost_today:{name:"Coût aujourd'hui"},cost_total:{name:"Coût total"}},binary_sensor:{overload:{name:"Dépassement"},breaker_open:{name:"Organe de coupure ouvert"},off_peak:{name:"Heures creuses"},tempo_red_tomorrow:{name:"Jour rouge Tempo demain"},cover_open:{name:"Cache-bornes ouvert"},overvoltage:{name:"Surtension"},mobile_peak_notice:{name:"Préavis de pointe mobile"},mobile_peak_active:{name:"Pointe mobile"}}};var dt={en:{subscribed:"of {kva} kVA subscribed",headroom:"{va} left",over:"{va} over",today:"Today",tomorrow:"Tomorrow",not_announced:"not announced yet",energy_today:"Energy today",period:"Period",total:"Total",off_peak_now:"now",off_peak_not_now:"not now",ejp_notice:"EJP day tomorrow",ejp_active:"EJP peak day now",ejp_none:"No EJP day announced",overload_on:"yes, the breaker may trip",overload_off:"no",pick_meter:"Pick a Linky meter in the card's settings.",no_entities:"This device has no Linky TIC entity.",unavailable:"The meter sends nothing right now.",meter:"Meter",parts:"Parts to show",title:"Title",part_power:"Power against the subscription",part_tariff:"Tariff period and off-peak hours",part_calendar:"Tempo colours or EJP notice",part_energy:"Energy and cost today per period",part_health:"Overload and link health",card_description:"Live power, tariff period, Tempo/EJP and today's energy of a Linky meter."},fr:{subscribed:"sur {kva} kVA souscrits",headroom:"reste {va}",over:"{va} au-delà",today:"Aujourd'hui",tomorrow:"Demain",not_announced:"pas encore annoncée",energy_today:"Énergie du jour",period:"Période",total:"Total",off_peak_now:"en cours",off_peak_not_now:"non",ejp_notice:"Jour EJP demain",ejp_active:"Jour EJP en cours",ejp_none:"Aucun jour EJP annoncé",overload_on:"oui, le disjoncteur peut couper",overload_off:"non",pick_meter:"Choisissez un compteur Linky dans les réglages de la carte.",no_entities:"Cet appareil n'a aucune entité Linky TIC.",unavailable:"Le compteur n'envoie rien en ce moment.",meter:"Compteur",parts:"Éléments affichés",title:"Titre",part_power:"Puissance et abonnement",part_tariff:"Période tarifaire et heures creuses",part_calendar:"Couleurs Tempo ou préavis EJP",part_energy:"Énergie et coût du jour par période",part_health:"Dépassement et qualité de la liaison",card_description:"Puissance en direct, période tarifaire, Tempo/EJP et énergie du jour d'un compteur Linky."}},Ne={en:Me,fr:Ue};function K(s){return(s?.locale?.language??s?.language??"en").toLowerCase().startsWith("fr")?"fr":"en"}function Q(s){return s?.locale?.language??s?.language??"en"}function f(s,e,t={}){return dt[s][e].replace(/\{(\w+)\}/g,(r,n)=>t[n]??`{${n}}`)}function T(s,e,t){return Ne[s][e]?.[t]?.name??t}function G(s,e,t){return Ne[s].sensor?.[e]?.state?.[t]??t}function Y(s,e,t=0){return new Intl.NumberFormat(s,{maximumFractionDigits:t,minimumFractionDigits:t}).format(e)}function Z(s,e,t,r=0){return`${Y(s,e,r)} ${t}`}function De(s,e,t="EUR"){return new Intl.NumberFormat(s,{style:"currency",currency:t}).format(e)}var N=["power","tariff","calendar","energy","health"],ut={power:["apparentPower","activePower"],tariff:["tariffPeriod","offPeak"],calendar:["tempoToday","tempoTomorrow","ejpNotice","ejpActive"],health:["overload","validFrames"]},me=new Set(["unknown","unavailable",""]),Be={VA:1,kVA:1e3,W:1,kW:1e3,MW:1e6,Wh:.001,kWh:1,MWh:1e3};function _(s,e){return e?s.states[e]:void 0}function b(s,e=""){if(!s||me.has(s.state))return null;let t=Number(s.state);if(!Number.isFinite(t))return null;let r=String(s.attributes.unit_of_measurement??e);return t*(Be[r]??1)}function D(s){return!s||me.has(s.state)?null:s.state==="on"}function X(s){return!s||me.has(s.state)?null:s.state}function ht(s,e){for(let r of["referencePower","cutoffPower"]){let n=b(_(s,e.roles[r]),"kVA");if(n!==null&&n>0)return n}let t=b(_(s,e.roles.subscribedCurrent));return t!==null&&t>0?t*e.phases*1e3/5:null}var mt=.7,ft=.9;function Ve(s,e){let t=b(_(s,e.roles.apparentPower)),r=b(_(s,e.roles.activePower)),n=ht(s,e);if(t===null||n===null)return{apparentVa:t,activeW:r,subscribedVa:n,fraction:null,headroomVa:null,level:"normal"};let i=t/n;return{apparentVa:t,activeW:r,subscribedVa:n,fraction:Math.min(1,Math.max(0,i)),headroomVa:n-t,level:i>=ft?"critical":i>=mt?"warning":"normal"}}function fe(s){if(!s)return"neutral";let e=/^(blue|white|red)_/.exec(s)?.[1];return e||(s==="off_peak"?"off_peak":s==="peak"?"peak":s==="ejp_peak"?"ejp_peak":"neutral")}function We(s,e){let t={};for(let[r,n]of Object.entries(s))for(let i of n??[]){let o=b({entity_id:r,state:i.s,attributes:{}},"");if(o!==null){t[r]=o*(Be[e[r]??"kWh"]??1);break}}return t}function _t(s){let e=s?.attributes.prices;if(!e||typeof e!="object")return{};let t={};for(let[r,n]of Object.entries(e))typeof n=="number"&&Number.isFinite(n)&&F.includes(r)&&(t[r]=n);return t}function Je(s,e,t){let r=_t(_(s,e.roles.currentPrice)),n=X(_(s,e.roles.tariffPeriod)),i=[];for(let o of F){let p=e.energy[o];if(!p)continue;let a=b(_(s,p),"kWh"),u=t[p],m=a===null||u===void 0?null:Math.max(0,a-u),l=r[o];i.push({period:o,entityId:p,kwh:m,cost:m===null||l===void 0?null:m*l,current:o===n})}return i}function ze(s,e){let t=e&&e.length>0?e:N;return N.filter(r=>t.includes(r)?r==="energy"?Object.keys(s.energy).length>0:ut[r].some(n=>s.roles[n]!==void 0):!1)}function qe(s,e){let t=new Intl.DateTimeFormat("en-GB",{timeZone:e,hourCycle:"h23",hour:"numeric",minute:"numeric",second:"numeric"}).formatToParts(s),r=i=>Number(t.find(o=>o.type===i)?.value??0),n=((r("hour")*60+r("minute"))*60+r("second"))*1e3+s.getMilliseconds();return new Date(s.getTime()-n)}var gt=6e4,S=class extends y{constructor(){super(...arguments);this._start={};this._startKey=""}static getConfigElement(){return document.createElement("linky-tic-card-editor")}static getStubConfig(t){let[r]=Ie(t);return r?{device_id:r}:{}}setConfig(t){if(!t||typeof t!="object")throw new Error("Invalid configuration");this._config={...t},this._startKey=""}getCardSize(){return 6}getGridOptions(){return{columns:12,min_columns:6,min_rows:4}}connectedCallback(){super.connectedCallback(),this._timer=setInterval(()=>this._loadBaselines(),gt)}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this._timer)}get _found(){return He(this.hass?.entities??{},this._config?.device_id)}shouldUpdate(t){if(t.size!==1||!t.has("hass"))return!0;let r=t.get("hass");if(!r||!this.hass||r.entities!==this.hass.entities||r.locale!==this.hass.locale)return!0;let n=this._found;return[...Object.values(n.roles),...Object.values(n.energy)].some(o=>o!==void 0&&r.states[o]!==this.hass?.states[o])}updated(){this._loadBaselines()}_loadBaselines(){let t=this.hass;if(!t?.callWS)return;let r=this._found,n=Object.values(r.energy).filter(a=>a!==void 0);if(n.length===0)return;let i=qe(new Date,t.config?.time_zone),o=`${i.toISOString()} ${n.join(",")}`;if(o===this._startKey)return;this._startKey=o;let p=Object.fromEntries(n.map(a=>[a,String(t.states[a]?.attributes.unit_of_measurement??"kWh")]));t.callWS({type:"history/history_during_period",start_time:i.toISOString(),entity_ids:n,minimal_response:!0,no_attributes:!0,include_start_time_state:!0,significant_changes_only:!1}).then(a=>{this._startKey===o&&(this._start=We(a,p))}).catch(()=>{this._startKey===o&&(this._startKey="")})}render(){let t=this.hass,r=this._config,n=K(t);if(!t||!r)return d``;let i=r.title??t.devices[r.device_id??""]?.name_by_user??t.devices[r.device_id??""]?.name??"Linky";if(!r.device_id)return this._notice(i,f(n,"pick_meter"));let o=this._found,p=ze(o,r.parts);if(p.length===0)return this._notice(i,f(n,"no_entities"));let a=_(t,o.roles.apparentPower);return d`
      <ha-card>
        <div class="header">
          <span class="title">${i}</span>
          ${a?.state==="unavailable"?d`<span class="warning">${f(n,"unavailable")}</span>`:c}
        </div>
        <div class="content">${p.map(u=>this._part(u,t,o,n))}</div>
      </ha-card>
    `}_notice(t,r){return d`<ha-card><div class="header"><span class="title">${t}</span></div><div class="content notice">${r}</div></ha-card>`}_part(t,r,n,i){switch(t){case"power":return this._power(Ve(r,n),r,i);case"tariff":return this._tariff(r,n,i);case"calendar":return this._calendar(r,n,i);case"energy":return this._energy(r,n,i);case"health":return this._health(r,n,i)}}_power(t,r,n){let i=Q(r),o=p=>Z(i,p,"VA");return d`
      <div class="part power" data-part="power">
        ${t.apparentVa!==null?d`<div class="gauge ${t.level}">
              ${t.fraction!==null?yt(t.fraction):c}
              <div class="gauge-value" data-value="apparent">${o(t.apparentVa)}</div>
              <div class="gauge-label">${T(n,"sensor","apparent_power")}</div>
              ${t.subscribedVa!==null?d`<div class="gauge-limit">
                    ${f(n,"subscribed",{kva:Y(i,t.subscribedVa/1e3,t.subscribedVa%1e3?1:0)})}
                  </div>`:c}
              ${t.headroomVa!==null?d`<div class="headroom" data-value="headroom">
                    ${t.headroomVa>=0?f(n,"headroom",{va:o(t.headroomVa)}):f(n,"over",{va:o(-t.headroomVa)})}
                  </div>`:c}
            </div>`:c}
        ${t.activeW!==null?d`<div class="big">
              <div class="big-value" data-value="active">${Z(i,t.activeW,"W")}</div>
              <div class="big-label">${T(n,"sensor","active_power")}</div>
            </div>`:c}
      </div>
    `}_tariff(t,r,n){let i=X(_(t,r.roles.tariffPeriod)),o=D(_(t,r.roles.offPeak));return d`
      <div class="part row" data-part="tariff">
        ${r.roles.tariffPeriod?d`<span class="chip ${fe(i)}" data-value="period">
              ${i?G(n,"tariff_period",i):"—"}
            </span>`:c}
        ${r.roles.offPeak?d`<span class="label">${T(n,"binary_sensor","off_peak")}:</span>
              <span data-value="off-peak">
                ${o===null?"—":f(n,o?"off_peak_now":"off_peak_not_now")}
              </span>`:c}
      </div>
    `}_calendar(t,r,n){if(r.roles.tempoToday||r.roles.tempoTomorrow){let a=(u,m,l)=>{let g=X(_(t,m));return d`<span class="day">
          <span class="label">${u}</span>
          <span class="chip ${g??"neutral"}" data-value=${l}>
            ${g?G(n,"tempo_today",g):f(n,"not_announced")}
          </span>
        </span>`};return d`<div class="part row" data-part="calendar">
        ${r.roles.tempoToday?a(f(n,"today"),r.roles.tempoToday,"tempo-today"):c}
        ${r.roles.tempoTomorrow?a(f(n,"tomorrow"),r.roles.tempoTomorrow,"tempo-tomorrow"):c}
      </div>`}let i=D(_(t,r.roles.ejpActive)),o=D(_(t,r.roles.ejpNotice));return d`<div class="part row" data-part="calendar">
      <span class="chip ${i||o?"red":"neutral"}" data-value="ejp">${f(n,i?"ejp_active":o?"ejp_notice":"ejp_none")}</span>
    </div>`}_energy(t,r,n){let i=Q(t),o=Je(t,r,this._start),p=b(_(t,r.roles.costToday)),a=p!==null||o.some(h=>h.cost!==null),u=o.filter(h=>h.kwh!==null),m=u.length?u.reduce((h,C)=>h+(C.kwh??0),0):null,l=h=>h===null?"—":Z(i,h,"kWh",2),g=h=>h===null?"—":De(i,h);return d`<div class="part" data-part="energy">
      <table>
        <thead>
          <tr>
            <th>${f(n,"energy_today")}</th>
            <th class="num">kWh</th>
            ${a?d`<th class="num">€</th>`:c}
          </tr>
        </thead>
        <tbody>
          ${o.map(h=>d`<tr class=${h.current?"current":""} data-period=${h.period}>
              <td><span class="dot ${fe(h.period)}"></span>${G(n,"tariff_period",h.period)}</td>
              <td class="num">${l(h.kwh)}</td>
              ${a?d`<td class="num">${g(h.cost)}</td>`:c}
            </tr>`)}
          ${o.length>1||p!==null?d`<tr class="total">
                <td>${f(n,"total")}</td>
                <td class="num" data-value="energy-total">${l(m)}</td>
                ${a?d`<td class="num" data-value="cost-today">${g(p)}</td>`:c}
              </tr>`:c}
        </tbody>
      </table>
    </div>`}_health(t,r,n){let i=Q(t),o=D(_(t,r.roles.overload)),p=b(_(t,r.roles.validFrames));return d`<div class="part row small" data-part="health">
      ${r.roles.overload?d`<span class=${o?"alert":""}>
            <span class="label">${T(n,"binary_sensor","overload")}:</span>
            <span data-value="overload">${o===null?"—":f(n,o?"overload_on":"overload_off")}</span>
          </span>`:c}
      ${r.roles.validFrames?d`<span>
            <span class="label">${T(n,"sensor","valid_frames")}:</span>
            <span data-value="valid-frames">${p===null?"—":`${Y(i,p,1)} %`}</span>
          </span>`:c}
    </div>`}};S.properties={hass:{attribute:!1},_config:{state:!0},_start:{state:!0}},S.styles=te`
    :host {
      --linky-blue: #1e6fd9;
      --linky-white: #c9ccd1;
      --linky-red: #d93025;
      --linky-off-peak: #2e9e5b;
      --linky-peak: #e8890c;
    }
    .header {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      padding: 16px 16px 0;
      gap: 8px;
    }
    .title {
      font-size: 1.3em;
      font-weight: 500;
    }
    .warning,
    .alert {
      color: var(--error-color, #db4437);
    }
    .content {
      padding: 8px 16px 16px;
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .notice {
      color: var(--secondary-text-color);
    }
    .power {
      display: flex;
      align-items: center;
      justify-content: space-around;
      gap: 16px;
      flex-wrap: wrap;
    }
    .gauge {
      position: relative;
      width: 220px;
      text-align: center;
    }
    .gauge svg {
      width: 220px;
      height: 120px;
      display: block;
    }
    .gauge .track {
      stroke: var(--divider-color, #e0e0e0);
    }
    .gauge .fill {
      stroke: var(--success-color, #43a047);
    }
    .gauge.warning .fill {
      stroke: var(--warning-color, #ffa600);
    }
    .gauge.critical .fill {
      stroke: var(--error-color, #db4437);
    }
    .gauge-value {
      margin-top: -48px;
      font-size: 1.8em;
      font-weight: 500;
    }
    .gauge-label,
    .gauge-limit,
    .big-label,
    .label {
      color: var(--secondary-text-color);
    }
    .headroom {
      font-weight: 500;
    }
    .big {
      text-align: center;
    }
    .big-value {
      font-size: 2.2em;
      font-weight: 500;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
    }
    .small {
      font-size: 0.9em;
    }
    .day {
      display: inline-flex;
      gap: 6px;
      align-items: center;
    }
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font-weight: 500;
      background: var(--secondary-background-color, #eee);
      color: var(--primary-text-color);
    }
    .chip.blue,
    .dot.blue {
      background: var(--linky-blue);
      color: #fff;
    }
    .chip.white,
    .dot.white {
      background: #f4f5f7;
      color: #222;
      box-shadow: inset 0 0 0 1px var(--linky-white);
    }
    .chip.red,
    .dot.red,
    .chip.ejp_peak,
    .dot.ejp_peak {
      background: var(--linky-red);
      color: #fff;
    }
    .chip.off_peak,
    .dot.off_peak {
      background: var(--linky-off-peak);
      color: #fff;
    }
    .chip.peak,
    .dot.peak {
      background: var(--linky-peak);
      color: #fff;
    }
    .dot {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      margin-right: 8px;
      background: var(--secondary-text-color);
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th {
      text-align: left;
      font-weight: 500;
      color: var(--secondary-text-color);
    }
    td,
    th {
      padding: 3px 0;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
      padding-left: 12px;
      white-space: nowrap;
    }
    tr.current td {
      font-weight: 600;
    }
    tr.total td {
      border-top: 1px solid var(--divider-color, #e0e0e0);
      font-weight: 500;
    }
  `;function yt(s){let t=Math.PI*90;return d`<svg viewBox="0 0 220 120" role="img">
    ${je`<path class="track" d="M 20 110 A 90 90 0 0 1 200 110" fill="none" stroke-width="18" />
      <path class="fill" d="M 20 110 A 90 90 0 0 1 200 110" fill="none" stroke-width="18"
        stroke-dasharray="${t*s} ${t}" />`}
  </svg>`}function vt(s){return[{name:"device_id",required:!0,selector:{device:{filter:{integration:q}}}},{name:"title",selector:{text:{}}},{name:"parts",selector:{select:{multiple:!0,mode:"list",options:N.map(e=>({value:e,label:f(s,`part_${e}`)}))}}}]}function bt(s){return{...s,parts:s.parts??[...N]}}function kt(s,e){let t={...s,...e,type:s.type};return t.title||delete t.title,t}var wt={device_id:"meter",title:"title",parts:"parts"},B=class extends y{setConfig(e){this._config=e}render(){if(!this.hass||!this._config)return d``;let e=K(this.hass);return d`<ha-form
      .hass=${this.hass}
      .data=${bt(this._config)}
      .schema=${vt(e)}
      .computeLabel=${t=>f(e,wt[t.name]??"title")}
      @value-changed=${this._changed}
    ></ha-form>`}_changed(e){e.stopPropagation(),this._config&&(this._config=kt(this._config,e.detail.value),this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:this._config},bubbles:!0,composed:!0})))}};B.properties={hass:{attribute:!1},_config:{state:!0}};var R="linky-tic-card";customElements.get(R)||customElements.define(R,S);customElements.get(`${R}-editor`)||customElements.define(`${R}-editor`,B);window.customCards=window.customCards??[];if(!window.customCards.some(s=>s.type===R)){let s=(navigator.language??"").toLowerCase().startsWith("fr");window.customCards.push({type:R,name:"Linky TIC",description:f(s?"fr":"en","card_description"),preview:!0,documentationURL:"https://github.com/linky-tic/linky_tic#the-linky-tic-card"})}export{R as CARD_TYPE};
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
