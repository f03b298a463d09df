var W=globalThis,B=W.ShadowRoot&&(W.ShadyCSS===void 0||W.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,ee=Symbol(),_e=new WeakMap,O=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==ee)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(B&&e===void 0){let r=t!==void 0&&t.length===1;r&&(e=_e.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),r&&_e.set(t,e))}return e}toString(){return this.cssText}},ge=n=>new O(typeof n=="string"?n:n+"",void 0,ee),te=(n,...e)=>{let t=n.length===1?n[0]:e.reduce((r,s,i)=>r+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+n[i+1],n[0]);return new O(t,n,ee)},ye=(n,e)=>{if(B)n.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let r=document.createElement("style"),s=W.litNonce;s!==void 0&&r.setAttribute("nonce",s),r.textContent=t.cssText,n.appendChild(r)}},re=B?n=>n:n=>n instanceof CSSStyleSheet?(e=>{let t="";for(let r of e.cssRules)t+=r.cssText;return ge(t)})(n):n;var{is:Ke,defineProperty:qe,getOwnPropertyDescriptor:Ye,getOwnPropertyNames:Ge,getOwnPropertySymbols:Qe,getPrototypeOf:Ze}=Object,J=globalThis,ve=J.trustedTypes,Xe=ve?ve.emptyScript:"",et=J.reactiveElementPolyfillSupport,H=(n,e)=>n,se={toAttribute(n,e){switch(e){case Boolean:n=n?Xe:null;break;case Object:case Array:n=n==null?n:JSON.stringify(n)}return n},fromAttribute(n,e){let t=n;switch(e){case Boolean:t=n!==null;break;case Number:t=n===null?null:Number(n);break;case Object:case Array:try{t=JSON.parse(n)}catch{t=null}}return t}},be=(n,e)=>!Ke(n,e),$e={attribute:!0,type:String,converter:se,reflect:!1,useDefault:!1,hasChanged:be};Symbol.metadata??=Symbol("metadata"),J.litPropertyMetadata??=new WeakMap;var v=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=$e){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let r=Symbol(),s=this.getPropertyDescriptor(e,r,t);s!==void 0&&qe(this.prototype,e,s)}}static getPropertyDescriptor(e,t,r){let{get:s,set:i}=Ye(this.prototype,e)??{get(){return this[t]},set(o){this[t]=o}};return{get:s,set(o){let l=s?.call(this);i?.call(this,o),this.requestUpdate(e,l,r)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??$e}static _$Ei(){if(this.hasOwnProperty(H("elementProperties")))return;let e=Ze(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(H("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(H("properties"))){let t=this.properties,r=[...Ge(t),...Qe(t)];for(let s of r)this.createProperty(s,t[s])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[r,s]of t)this.elementProperties.set(r,s)}this._$Eh=new Map;for(let[t,r]of this.elementProperties){let s=this._$Eu(t,r);s!==void 0&&this._$Eh.set(s,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let r=new Set(e.flat(1/0).reverse());for(let s of r)t.unshift(re(s))}else e!==void 0&&t.push(re(e));return t}static _$Eu(e,t){let r=t.attribute;return r===!1?void 0:typeof r=="string"?r:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let r of t.keys())this.hasOwnProperty(r)&&(e.set(r,this[r]),delete this[r]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return ye(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,r){this._$AK(e,r)}_$ET(e,t){let r=this.constructor.elementProperties.get(e),s=this.constructor._$Eu(e,r);if(s!==void 0&&r.reflect===!0){let i=(r.converter?.toAttribute!==void 0?r.converter:se).toAttribute(t,r.type);this._$Em=e,i==null?this.removeAttribute(s):this.setAttribute(s,i),this._$Em=null}}_$AK(e,t){let r=this.constructor,s=r._$Eh.get(e);if(s!==void 0&&this._$Em!==s){let i=r.getPropertyOptions(s),o=typeof i.converter=="function"?{fromAttribute:i.converter}:i.converter?.fromAttribute!==void 0?i.converter:se;this._$Em=s;let l=o.fromAttribute(t,i.type);this[s]=l??this._$Ej?.get(s)??l,this._$Em=null}}requestUpdate(e,t,r,s=!1,i){if(e!==void 0){let o=this.constructor;if(s===!1&&(i=this[e]),r??=o.getPropertyOptions(e),!((r.hasChanged??be)(i,t)||r.useDefault&&r.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(o._$Eu(e,r))))return;this.C(e,t,r)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:r,reflect:s,wrapped:i},o){r&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,o??t??this[e]),i!==!0||o!==void 0)||(this._$AL.has(e)||(this.hasUpdated||r||(t=void 0),this._$AL.set(e,t)),s===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,i]of this._$Ep)this[s]=i;this._$Ep=void 0}let r=this.constructor.elementProperties;if(r.size>0)for(let[s,i]of r){let{wrapped:o}=i,l=this[s];o!==!0||this._$AL.has(s)||l===void 0||this.C(s,void 0,i,l)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(r=>r.hostUpdate?.()),this.update(t)):this._$EM()}catch(r){throw e=!1,this._$EM(),r}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};v.elementStyles=[],v.shadowRootOptions={mode:"open"},v[H("elementProperties")]=new Map,v[H("finalized")]=new Map,et?.({ReactiveElement:v}),(J.reactiveElementVersions??=[]).push("2.1.2");var pe=globalThis,we=n=>n,z=pe.trustedTypes,Ae=z?z.createPolicy("lit-html",{createHTML:n=>n}):void 0,Se="$lit$",b=`lit$${Math.random().toFixed(9).slice(2)}$`,Re="?"+b,tt=`<${Re}>`,k=document,L=()=>k.createComment(""),j=n=>n===null||typeof n!="object"&&typeof n!="function",de=Array.isArray,rt=n=>de(n)||typeof n?.[Symbol.iterator]=="function",ne=`[ 	
\f\r]`,M=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ke=/-->/g,Ee=/>/g,w=RegExp(`>|${ne}(?:([^\\s"'>=/]+)(${ne}*=${ne}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),xe=/'/g,Pe=/"/g,Te=/^(?:script|style|textarea|title)$/i,ue=n=>(e,...t)=>({_$litType$:n,strings:e,values:t}),d=ue(1),Oe=ue(2),Pt=ue(3),E=Symbol.for("lit-noChange"),c=Symbol.for("lit-nothing"),Ce=new WeakMap,A=k.createTreeWalker(k,129);function He(n,e){if(!de(n)||!n.hasOwnProperty("raw"))throw Error("invalid template strings array");return Ae!==void 0?Ae.createHTML(e):e}var st=(n,e)=>{let t=n.length-1,r=[],s,i=e===2?"<svg>":e===3?"<math>":"",o=M;for(let l=0;l<t;l++){let a=n[l],u,f,p=-1,g=0;for(;g<a.length&&(o.lastIndex=g,f=o.exec(a),f!==null);)g=o.lastIndex,o===M?f[1]==="!--"?o=ke:f[1]!==void 0?o=Ee:f[2]!==void 0?(Te.test(f[2])&&(s=RegExp("</"+f[2],"g")),o=w):f[3]!==void 0&&(o=w):o===w?f[0]===">"?(o=s??M,p=-1):f[1]===void 0?p=-2:(p=o.lastIndex-f[2].length,u=f[1],o=f[3]===void 0?w:f[3]==='"'?Pe:xe):o===Pe||o===xe?o=w:o===ke||o===Ee?o=M:(o=w,s=void 0);let h=o===w&&n[l+1].startsWith("/>")?" ":"";i+=o===M?a+tt:p>=0?(r.push(u),a.slice(0,p)+Se+a.slice(p)+b+h):a+b+(p===-2?l:h)}return[He(n,i+(n[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),r]},N=class n{constructor({strings:e,_$litType$:t},r){let s;this.parts=[];let i=0,o=0,l=e.length-1,a=this.parts,[u,f]=st(e,t);if(this.el=n.createElement(u,r),A.currentNode=this.el.content,t===2||t===3){let p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(s=A.nextNode())!==null&&a.length<l;){if(s.nodeType===1){if(s.hasAttributes())for(let p of s.getAttributeNames())if(p.endsWith(Se)){let g=f[o++],h=s.getAttribute(p).split(b),x=/([.?@])?(.*)/.exec(g);a.push({type:1,index:i,name:x[2],strings:h,ctor:x[1]==="."?oe:x[1]==="?"?ae:x[1]==="@"?le:C}),s.removeAttribute(p)}else p.startsWith(b)&&(a.push({type:6,index:i}),s.removeAttribute(p));if(Te.test(s.tagName)){let p=s.textContent.split(b),g=p.length-1;if(g>0){s.textContent=z?z.emptyScript:"";for(let h=0;h<g;h++)s.append(p[h],L()),A.nextNode(),a.push({type:2,index:++i});s.append(p[g],L())}}}else if(s.nodeType===8)if(s.data===Re)a.push({type:2,index:i});else{let p=-1;for(;(p=s.data.indexOf(b,p+1))!==-1;)a.push({type:7,index:i}),p+=b.length-1}i++}}static createElement(e,t){let r=k.createElement("template");return r.innerHTML=e,r}};function P(n,e,t=n,r){if(e===E)return e;let s=r!==void 0?t._$Co?.[r]:t._$Cl,i=j(e)?void 0:e._$litDirective$;return s?.constructor!==i&&(s?._$AO?.(!1),i===void 0?s=void 0:(s=new i(n),s._$AT(n,t,r)),r!==void 0?(t._$Co??=[])[r]=s:t._$Cl=s),s!==void 0&&(e=P(n,s._$AS(n,e.values),s,r)),e}var ie=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:r}=this._$AD,s=(e?.creationScope??k).importNode(t,!0);A.currentNode=s;let i=A.nextNode(),o=0,l=0,a=r[0];for(;a!==void 0;){if(o===a.index){let u;a.type===2?u=new U(i,i.nextSibling,this,e):a.type===1?u=new a.ctor(i,a.name,a.strings,this,e):a.type===6&&(u=new ce(i,this,e)),this._$AV.push(u),a=r[++l]}o!==a?.index&&(i=A.nextNode(),o++)}return A.currentNode=k,s}p(e){let t=0;for(let r of this._$AV)r!==void 0&&(r.strings!==void 0?(r._$AI(e,r,t),t+=r.strings.length-2):r._$AI(e[t])),t++}},U=class n{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,r,s){this.type=2,this._$AH=c,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=r,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=P(this,e,t),j(e)?e===c||e==null||e===""?(this._$AH!==c&&this._$AR(),this._$AH=c):e!==this._$AH&&e!==E&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):rt(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==c&&j(this._$AH)?this._$AA.nextSibling.data=e:this.T(k.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:r}=e,s=typeof r=="number"?this._$AC(e):(r.el===void 0&&(r.el=N.createElement(He(r.h,r.h[0]),this.options)),r);if(this._$AH?._$AD===s)this._$AH.p(t);else{let i=new ie(s,this),o=i.u(this.options);i.p(t),this.T(o),this._$AH=i}}_$AC(e){let t=Ce.get(e.strings);return t===void 0&&Ce.set(e.strings,t=new N(e)),t}k(e){de(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,r,s=0;for(let i of e)s===t.length?t.push(r=new n(this.O(L()),this.O(L()),this,this.options)):r=t[s],r._$AI(i),s++;s<t.length&&(this._$AR(r&&r._$AB.nextSibling,s),t.length=s)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let r=we(e).nextSibling;we(e).remove(),e=r}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},C=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,r,s,i){this.type=1,this._$AH=c,this._$AN=void 0,this.element=e,this.name=t,this._$AM=s,this.options=i,r.length>2||r[0]!==""||r[1]!==""?(this._$AH=Array(r.length-1).fill(new String),this.strings=r):this._$AH=c}_$AI(e,t=this,r,s){let i=this.strings,o=!1;if(i===void 0)e=P(this,e,t,0),o=!j(e)||e!==this._$AH&&e!==E,o&&(this._$AH=e);else{let l=e,a,u;for(e=i[0],a=0;a<i.length-1;a++)u=P(this,l[r+a],t,a),u===E&&(u=this._$AH[a]),o||=!j(u)||u!==this._$AH[a],u===c?e=c:e!==c&&(e+=(u??"")+i[a+1]),this._$AH[a]=u}o&&!s&&this.j(e)}j(e){e===c?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},oe=class extends C{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===c?void 0:e}},ae=class extends C{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==c)}},le=class extends C{constructor(e,t,r,s,i){super(e,t,r,s,i),this.type=5}_$AI(e,t=this){if((e=P(this,e,t,0)??c)===E)return;let r=this._$AH,s=e===c&&r!==c||e.capture!==r.capture||e.once!==r.once||e.passive!==r.passive,i=e!==c&&(r===c||s);s&&this.element.removeEventListener(this.name,this,r),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},ce=class{constructor(e,t,r){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=r}get _$AU(){return this._$AM._$AU}_$AI(e){P(this,e)}};var nt=pe.litHtmlPolyfillSupport;nt?.(N,U),(pe.litHtmlVersions??=[]).push("3.3.3");var Me=(n,e,t)=>{let r=t?.renderBefore??e,s=r._$litPart$;if(s===void 0){let i=t?.renderBefore??null;r._$litPart$=s=new U(e.insertBefore(L(),i),i,void 0,t??{})}return s._$AI(n),s};var he=globalThis,y=class extends v{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Me(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return E}};y._$litElement$=!0,y.finalized=!0,he.litElementHydrateSupport?.({LitElement:y});var it=he.litElementPolyfillSupport;it?.({LitElement:y});(he.litElementVersions??=[]).push("4.2.2");var F="linky_tic",K=["base","off_peak","peak","ejp_normal","ejp_peak","blue_off_peak","blue_peak","white_off_peak","white_peak","red_off_peak","red_peak","weekend"],ot={apparentPower:"sensor.apparent_power",activePower:"sensor.active_power",referencePower:"sensor.reference_power",cutoffPower:"sensor.cutoff_power",subscribedCurrent:"sensor.subscribed_current",tariffPeriod:"sensor.tariff_period",tariffOption:"sensor.tariff_option",tempoToday:"sensor.tempo_today",tempoTomorrow:"sensor.tempo_tomorrow",currentPrice:"sensor.current_price",costToday:"sensor.cost_today",validFrames:"sensor.valid_frames",offPeak:"binary_sensor.off_peak",overload:"binary_sensor.overload",ejpNotice:"binary_sensor.mobile_peak_notice",ejpActive:"binary_sensor.mobile_peak_active"},at=new Map(Object.entries(ot).map(([n,e])=>[e,n]));function lt(n){return n.slice(0,n.indexOf("."))}function Le(n,e){let t={roles:{},energy:{},phases:1};if(!e)return t;let r=0;for(let s of Object.values(n)){if(!s||s.device_id!==e||s.platform!==F)continue;let i=s.translation_key;if(!i)continue;let o=lt(s.entity_id),l=at.get(`${o}.${i}`);if(l&&!t.roles[l]){t.roles[l]=s.entity_id;continue}if(o!=="sensor")continue;let a=i.startsWith("energy_")?i.slice(7):"";K.includes(a)?t.energy[a]=s.entity_id:i==="current_phase"&&(r+=1)}return r>1&&(t.phases=3),t}function je(n){let e=new Set;for(let t of Object.values(n.entities))t?.platform===F&&t.device_id&&e.add(t.device_id);return[...e].sort()}var Ne={sensor:{apparent_power:{name:"Apparent power"},active_power:{name:"Active power"},valid_frames:{name:"Valid frames"},tariff_period:{name:"Tariff period",state:{base:"Base",off_peak:"Off-peak",peak:"Peak",ejp_normal:"EJP normal",ejp_peak:"EJP peak (mobile peak)",blue_off_peak:"Blue day off-peak",blue_peak:"Blue day peak",white_off_peak:"White day off-peak",white_peak:"White day peak",red_off_peak:"Red day off-peak",red_peak:"Red day peak",other:"Other",weekend:"Weekend"}},tempo_today:{name:"Tempo colour today",state:{blue:"Blue",white:"White",red:"Red"}}},binary_sensor:{off_peak:{name:"Off-peak hours"},overload:{name:"Overload"}}};var Ue={sensor:{apparent_power:{name:"Puissance apparente"},active_power:{name:"Puissance active"},valid_frames:{name:"Trames valides"},tariff_period:{name:"Période tarifaire",state:{base:"Base",off_peak:"Heures creuses",peak:"Heures pleines",ejp_normal:"EJP heures normales",ejp_peak:"EJP pointe mobile",blue_off_peak:"Jour bleu heures creuses",blue_peak:"Jour bleu heures pleines",white_off_peak:"Jour blanc heures creuses",white_peak:"Jour blanc heures pleines",red_off_peak:"Jour rouge heures creuses",red_peak:"Jour rouge heures pleines",other:"Autre",weekend:"Week-end"}},tempo_today:{name:"Couleur Tempo du jour",state:{blue:"Bleu",white:"Blanc",red:"Rouge"}}},binary_sensor:{off_peak:{name:"Heures creuses"},overload:{name:"Dépassement"}}};var dt={en:{subscribed:"of {kva} kVA subscribed",headroom:"{va} left",over:"{va} over",today:"Today",tomorrow:"Tomorrow",not_announced:"not announced yet",energy_today:"Energy today",period:"Period",total:"Total",off_peak_now:"now",off_peak_not_now:"not now",ejp_notice:"EJP day tomorrow",ejp_active:"EJP peak day now",ejp_none:"No EJP day announced",overload_on:"yes, the breaker may trip",overload_off:"no",pick_meter:"Pick a Linky meter in the card's settings.",no_entities:"This device has no Linky TIC entity.",unavailable:"The meter sends nothing right now.",meter:"Meter",parts:"Parts to show",title:"Title",part_power:"Power against the subscription",part_tariff:"Tariff period and off-peak hours",part_calendar:"Tempo colours or EJP notice",part_energy:"Energy and cost today per period",part_health:"Overload and link health",card_description:"Live power, tariff period, Tempo/EJP and today's energy of a Linky meter."},fr:{subscribed:"sur {kva} kVA souscrits",headroom:"reste {va}",over:"{va} au-delà",today:"Aujourd'hui",tomorrow:"Demain",not_announced:"pas encore annoncée",energy_today:"Énergie du jour",period:"Période",total:"Total",off_peak_now:"en cours",off_peak_not_now:"non",ejp_notice:"Jour EJP demain",ejp_active:"Jour EJP en cours",ejp_none:"Aucun jour EJP annoncé",overload_on:"oui, le disjoncteur peut couper",overload_off:"non",pick_meter:"Choisissez un compteur Linky dans les réglages de la carte.",no_entities:"Cet appareil n'a aucune entité Linky TIC.",unavailable:"Le compteur n'envoie rien en ce moment.",meter:"Compteur",parts:"Éléments affichés",title:"Titre",part_power:"Puissance et abonnement",part_tariff:"Période tarifaire et heures creuses",part_calendar:"Couleurs Tempo ou préavis EJP",part_energy:"Énergie et coût du jour par période",part_health:"Dépassement et qualité de la liaison",card_description:"Puissance en direct, période tarifaire, Tempo/EJP et énergie du jour d'un compteur Linky."}},De={en:Ne,fr:Ue};function q(n){return(n?.locale?.language??n?.language??"en").toLowerCase().startsWith("fr")?"fr":"en"}function Y(n){return n?.locale?.language??n?.language??"en"}function m(n,e,t={}){return dt[n][e].replace(/\{(\w+)\}/g,(r,s)=>t[s]??`{${s}}`)}function S(n,e,t){return De[n][e]?.[t]?.name??t}function G(n,e,t){return De[n].sensor?.[e]?.state?.[t]??t}function Q(n,e,t=0){return new Intl.NumberFormat(n,{maximumFractionDigits:t,minimumFractionDigits:t}).format(e)}function Z(n,e,t,r=0){return`${Q(n,e,r)} ${t}`}function Ve(n,e,t="EUR"){return new Intl.NumberFormat(n,{style:"currency",currency:t}).format(e)}var D=["power","tariff","calendar","energy","health"],ut={power:["apparentPower","activePower"],tariff:["tariffPeriod","offPeak"],calendar:["tempoToday","tempoTomorrow","ejpNotice","ejpActive"],health:["overload","validFrames"]},fe=new Set(["unknown","unavailable",""]),Ie={VA:1,kVA:1e3,W:1,kW:1e3,MW:1e6,Wh:.001,kWh:1,MWh:1e3};function _(n,e){return e?n.states[e]:void 0}function $(n,e=""){if(!n||fe.has(n.state))return null;let t=Number(n.state);if(!Number.isFinite(t))return null;let r=String(n.attributes.unit_of_measurement??e);return t*(Ie[r]??1)}function V(n){return!n||fe.has(n.state)?null:n.state==="on"}function X(n){return!n||fe.has(n.state)?null:n.state}function ht(n,e){for(let r of["referencePower","cutoffPower"]){let s=$(_(n,e.roles[r]),"kVA");if(s!==null&&s>0)return s}let t=$(_(n,e.roles.subscribedCurrent));return t!==null&&t>0?t*e.phases*1e3/5:null}var ft=.7,mt=.9;function We(n,e){let t=$(_(n,e.roles.apparentPower)),r=$(_(n,e.roles.activePower)),s=ht(n,e);if(t===null||s===null)return{apparentVa:t,activeW:r,subscribedVa:s,fraction:null,headroomVa:null,level:"normal"};let i=t/s;return{apparentVa:t,activeW:r,subscribedVa:s,fraction:Math.min(1,Math.max(0,i)),headroomVa:s-t,level:i>=mt?"critical":i>=ft?"warning":"normal"}}function me(n){if(!n)return"neutral";let e=/^(blue|white|red)_/.exec(n)?.[1];return e||(n==="off_peak"?"off_peak":n==="peak"?"peak":n==="ejp_peak"?"ejp_peak":"neutral")}function Be(n,e){let t={};for(let[r,s]of Object.entries(n))for(let i of s??[]){let o=$({entity_id:r,state:i.s,attributes:{}},"");if(o!==null){t[r]=o*(Ie[e[r]??"kWh"]??1);break}}return t}function _t(n){let e=n?.attributes.prices;if(!e||typeof e!="object")return{};let t={};for(let[r,s]of Object.entries(e))typeof s=="number"&&Number.isFinite(s)&&K.includes(r)&&(t[r]=s);return t}function Je(n,e,t){let r=_t(_(n,e.roles.currentPrice)),s=X(_(n,e.roles.tariffPeriod)),i=[];for(let o of K){let l=e.energy[o];if(!l)continue;let a=$(_(n,l),"kWh"),u=t[l],f=a===null||u===void 0?null:Math.max(0,a-u),p=r[o];i.push({period:o,entityId:l,kwh:f,cost:f===null||p===void 0?null:f*p,current:o===s})}return i}function ze(n,e){let t=e&&e.length>0?e:D;return D.filter(r=>t.includes(r)?r==="energy"?Object.keys(n.energy).length>0:ut[r].some(s=>n.roles[s]!==void 0):!1)}function Fe(n,e){let t=new Intl.DateTimeFormat("en-GB",{timeZone:e,hourCycle:"h23",hour:"numeric",minute:"numeric",second:"numeric"}).formatToParts(n),r=i=>Number(t.find(o=>o.type===i)?.value??0),s=((r("hour")*60+r("minute"))*60+r("second"))*1e3+n.getMilliseconds();return new Date(n.getTime()-s)}var gt=6e4,R=class extends y{constructor(){super(...arguments);this._start={};this._startKey=""}static getConfigElement(){return document.createElement("linky-tic-card-editor")}static getStubConfig(t){let[r]=je(t);return r?{device_id:r}:{}}setConfig(t){if(!t||typeof t!="object")throw new Error("Invalid configuration");this._config={...t},this._startKey=""}getCardSize(){return 6}getGridOptions(){return{columns:12,min_columns:6,min_rows:4}}connectedCallback(){super.connectedCallback(),this._timer=setInterval(()=>this._loadBaselines(),gt)}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this._timer)}get _found(){return Le(this.hass?.entities??{},this._config?.device_id)}shouldUpdate(t){if(t.size!==1||!t.has("hass"))return!0;let r=t.get("hass");if(!r||!this.hass||r.entities!==this.hass.entities||r.locale!==this.hass.locale)return!0;let s=this._found;return[...Object.values(s.roles),...Object.values(s.energy)].some(o=>o!==void 0&&r.states[o]!==this.hass?.states[o])}updated(){this._loadBaselines()}_loadBaselines(){let t=this.hass;if(!t?.callWS)return;let r=this._found,s=Object.values(r.energy).filter(a=>a!==void 0);if(s.length===0)return;let i=Fe(new Date,t.config?.time_zone),o=`${i.toISOString()} ${s.join(",")}`;if(o===this._startKey)return;this._startKey=o;let l=Object.fromEntries(s.map(a=>[a,String(t.states[a]?.attributes.unit_of_measurement??"kWh")]));t.callWS({type:"history/history_during_period",start_time:i.toISOString(),entity_ids:s,minimal_response:!0,no_attributes:!0,include_start_time_state:!0,significant_changes_only:!1}).then(a=>{this._startKey===o&&(this._start=Be(a,l))}).catch(()=>{this._startKey===o&&(this._startKey="")})}render(){let t=this.hass,r=this._config,s=q(t);if(!t||!r)return d``;let i=r.title??t.devices[r.device_id??""]?.name_by_user??t.devices[r.device_id??""]?.name??"Linky";if(!r.device_id)return this._notice(i,m(s,"pick_meter"));let o=this._found,l=ze(o,r.parts);if(l.length===0)return this._notice(i,m(s,"no_entities"));let a=_(t,o.roles.apparentPower);return d`
      <ha-card>
        <div class="header">
          <span class="title">${i}</span>
          ${a?.state==="unavailable"?d`<span class="warning">${m(s,"unavailable")}</span>`:c}
        </div>
        <div class="content">${l.map(u=>this._part(u,t,o,s))}</div>
      </ha-card>
    `}_notice(t,r){return d`<ha-card><div class="header"><span class="title">${t}</span></div><div class="content notice">${r}</div></ha-card>`}_part(t,r,s,i){switch(t){case"power":return this._power(We(r,s),r,i);case"tariff":return this._tariff(r,s,i);case"calendar":return this._calendar(r,s,i);case"energy":return this._energy(r,s,i);case"health":return this._health(r,s,i)}}_power(t,r,s){let i=Y(r),o=l=>Z(i,l,"VA");return d`
      <div class="part power" data-part="power">
        ${t.apparentVa!==null?d`<div class="gauge ${t.level}">
              ${t.fraction!==null?yt(t.fraction):c}
              <div class="gauge-value" data-value="apparent">${o(t.apparentVa)}</div>
              <div class="gauge-label">${S(s,"sensor","apparent_power")}</div>
              ${t.subscribedVa!==null?d`<div class="gauge-limit">
                    ${m(s,"subscribed",{kva:Q(i,t.subscribedVa/1e3,t.subscribedVa%1e3?1:0)})}
                  </div>`:c}
              ${t.headroomVa!==null?d`<div class="headroom" data-value="headroom">
                    ${t.headroomVa>=0?m(s,"headroom",{va:o(t.headroomVa)}):m(s,"over",{va:o(-t.headroomVa)})}
                  </div>`:c}
            </div>`:c}
        ${t.activeW!==null?d`<div class="big">
              <div class="big-value" data-value="active">${Z(i,t.activeW,"W")}</div>
              <div class="big-label">${S(s,"sensor","active_power")}</div>
            </div>`:c}
      </div>
    `}_tariff(t,r,s){let i=X(_(t,r.roles.tariffPeriod)),o=V(_(t,r.roles.offPeak));return d`
      <div class="part row" data-part="tariff">
        ${r.roles.tariffPeriod?d`<span class="chip ${me(i)}" data-value="period">
              ${i?G(s,"tariff_period",i):"—"}
            </span>`:c}
        ${r.roles.offPeak?d`<span class="label">${S(s,"binary_sensor","off_peak")}:</span>
              <span data-value="off-peak">
                ${o===null?"—":m(s,o?"off_peak_now":"off_peak_not_now")}
              </span>`:c}
      </div>
    `}_calendar(t,r,s){if(r.roles.tempoToday||r.roles.tempoTomorrow){let a=(u,f,p)=>{let g=X(_(t,f));return d`<span class="day">
          <span class="label">${u}</span>
          <span class="chip ${g??"neutral"}" data-value=${p}>
            ${g?G(s,"tempo_today",g):m(s,"not_announced")}
          </span>
        </span>`};return d`<div class="part row" data-part="calendar">
        ${r.roles.tempoToday?a(m(s,"today"),r.roles.tempoToday,"tempo-today"):c}
        ${r.roles.tempoTomorrow?a(m(s,"tomorrow"),r.roles.tempoTomorrow,"tempo-tomorrow"):c}
      </div>`}let i=V(_(t,r.roles.ejpActive)),o=V(_(t,r.roles.ejpNotice));return d`<div class="part row" data-part="calendar">
      <span class="chip ${i||o?"red":"neutral"}" data-value="ejp">${m(s,i?"ejp_active":o?"ejp_notice":"ejp_none")}</span>
    </div>`}_energy(t,r,s){let i=Y(t),o=Je(t,r,this._start),l=$(_(t,r.roles.costToday)),a=l!==null||o.some(h=>h.cost!==null),u=o.filter(h=>h.kwh!==null),f=u.length?u.reduce((h,x)=>h+(x.kwh??0),0):null,p=h=>h===null?"—":Z(i,h,"kWh",2),g=h=>h===null?"—":Ve(i,h);return d`<div class="part" data-part="energy">
      <table>
        <thead>
          <tr>
            <th>${m(s,"energy_today")}</th>
            <th class="num">kWh</th>
            ${a?d`<th class="num">€</th>`:c}
          </tr>
        </thead>
        <tbody>
          ${o.map(h=>d`<tr class=${h.current?"current":""} data-period=${h.period}>
              <td><span class="dot ${me(h.period)}"></span>${G(s,"tariff_period",h.period)}</td>
              <td class="num">${p(h.kwh)}</td>
              ${a?d`<td class="num">${g(h.cost)}</td>`:c}
            </tr>`)}
          ${o.length>1||l!==null?d`<tr class="total">
                <td>${m(s,"total")}</td>
                <td class="num" data-value="energy-total">${p(f)}</td>
                ${a?d`<td class="num" data-value="cost-today">${g(l)}</td>`:c}
              </tr>`:c}
        </tbody>
      </table>
    </div>`}_health(t,r,s){let i=Y(t),o=V(_(t,r.roles.overload)),l=$(_(t,r.roles.validFrames));return d`<div class="part row small" data-part="health">
      ${r.roles.overload?d`<span class=${o?"alert":""}>
            <span class="label">${S(s,"binary_sensor","overload")}:</span>
            <span data-value="overload">${o===null?"—":m(s,o?"overload_on":"overload_off")}</span>
          </span>`:c}
      ${r.roles.validFrames?d`<span>
            <span class="label">${S(s,"sensor","valid_frames")}:</span>
            <span data-value="valid-frames">${l===null?"—":`${Q(i,l,1)} %`}</span>
          </span>`:c}
    </div>`}};R.properties={hass:{attribute:!1},_config:{state:!0},_start:{state:!0}},R.styles=te`
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
  `;function yt(n){let t=Math.PI*90;return d`<svg viewBox="0 0 220 120" role="img">
    ${Oe`<path class="track" d="M 20 110 A 90 90 0 0 1 200 110" fill="none" stroke-width="18" />
      <path class="fill" d="M 20 110 A 90 90 0 0 1 200 110" fill="none" stroke-width="18"
        stroke-dasharray="${t*n} ${t}" />`}
  </svg>`}function vt(n){return[{name:"device_id",required:!0,selector:{device:{filter:{integration:F}}}},{name:"title",selector:{text:{}}},{name:"parts",selector:{select:{multiple:!0,mode:"list",options:D.map(e=>({value:e,label:m(n,`part_${e}`)}))}}}]}function $t(n){return{...n,parts:n.parts??[...D]}}function bt(n,e){let t={...n,...e,type:n.type};return t.title||delete t.title,t}var wt={device_id:"meter",title:"title",parts:"parts"},I=class extends y{setConfig(e){this._config=e}render(){if(!this.hass||!this._config)return d``;let e=q(this.hass);return d`<ha-form
      .hass=${this.hass}
      .data=${$t(this._config)}
      .schema=${vt(e)}
      .computeLabel=${t=>m(e,wt[t.name]??"title")}
      @value-changed=${this._changed}
    ></ha-form>`}_changed(e){e.stopPropagation(),this._config&&(this._config=bt(this._config,e.detail.value),this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:this._config},bubbles:!0,composed:!0})))}};I.properties={hass:{attribute:!1},_config:{state:!0}};var T="linky-tic-card";customElements.get(T)||customElements.define(T,R);customElements.get(`${T}-editor`)||customElements.define(`${T}-editor`,I);window.customCards=window.customCards??[];if(!window.customCards.some(n=>n.type===T)){let n=(navigator.language??"").toLowerCase().startsWith("fr");window.customCards.push({type:T,name:"Linky TIC",description:m(n?"fr":"en","card_description"),preview:!0,documentationURL:"https://github.com/linky-tic/linky_tic#the-linky-tic-card"})}export{T as CARD_TYPE};
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
